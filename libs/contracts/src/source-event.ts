/**
 * What the relay hands over from the store's log: a recorded event flattened with the metadata the
 * envelope needs. `data` is as stored, so it may hold personal fields (possibly encrypted); the
 * mapping reads only the fields it publishes.
 */
export type SourceEvent = Readonly<{
  eventId: string;
  streamId: string;
  type: string;
  data: unknown;
  revision: number;
  position: bigint;
  /** When the store committed the event. */
  recordedAt: string;
  /** When the fact happened in the world. */
  occurredAt: string;
  correlationId: string;
  /** Where the stream's subject stood after the event, when the store recorded it (event metadata). */
  context?: Readonly<Record<string, unknown>>;
}>;
