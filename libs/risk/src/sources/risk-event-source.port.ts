/**
 * Where the risk monitor's client events come from: a Kafka consumer group on
 * crm.client-events.v1 in server mode, the store's own log in the embedded default. Both hand
 * each client's events to the monitor in stream order and resume from their own progress.
 */
export interface RiskEventSource {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The store-log position handled last; null where progress is the consumer group's offsets (Kafka). */
  position(): bigint | null;
}
