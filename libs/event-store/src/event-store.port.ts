export type ExpectedRevision = 'any' | 'no_stream' | 'exists' | number;

export type EventActor = Readonly<{ userId: string; role: string }>;

export type EventMetadata = Readonly<{
  /** When the fact happened in the world (defaults to recordedAt). */
  occurredAt: string;
  correlationId: string;
  causationId: string;
  actor: EventActor;
  /**
   * W3C trace context of the work that appended the event (the append span of the HTTP command,
   * the risk monitor's alert raise), so the relay and the risk monitor continue its trace. Absent
   * on events appended before tracing existed, or outside any trace (migrations, tools).
   */
  traceparent?: string;
  tracestate?: string;
  /**
   * Where the stream's subject stood just after this event (a client's branch, tier, manager…), as
   * its decider reports it: the relay publishes it with the event. Absent on events appended
   * before it was recorded and on streams whose decider reports none.
   */
  context?: Readonly<Record<string, string | boolean | null>>;
}>;

export type NewEvent = Readonly<{
  /** uuid v7; appending the same ids again is idempotent. */
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  schemaVersion: number;
}>;

export type RecordedEvent = Readonly<{
  eventId: string;
  streamId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  schemaVersion: number;
  revision: number;
  position: bigint;
  /** When the store committed the event (ISO-8601 UTC). */
  recordedAt: string;
}>;

export type AppendResult = Readonly<{
  /** Revision of the last event now in the stream. */
  revision: number;
  /** Global position of the last event appended (or of the existing one on idempotent re-append). */
  position: bigint;
}>;

export type ReadStreamOptions = Readonly<{
  fromRevision?: number;
  maxCount?: number;
}>;

export type ReadAllOptions = Readonly<{
  /** Exclusive: events strictly after this position. 0n (or omitted) reads from the start. */
  after?: bigint;
  maxCount?: number;
}>;

export type SubscriptionOptions = Readonly<{
  /** Exclusive start position, typically a stored checkpoint. */
  after: bigint;
  batchSize?: number;
  /** Called when the handler throws; the subscription stops after it. */
  onError?: (error: unknown) => void;
}>;

/**
 * Handles one batch in position order. The subscription waits for the returned promise before it
 * delivers the next batch, so a handler can commit its effects and checkpoint together.
 */
export type BatchHandler = (events: readonly RecordedEvent[]) => Promise<void>;

export interface Subscription {
  /** Resolves once the subscription has delivered everything up to the head it saw at start. */
  readonly caughtUp: Promise<void>;
  /** Position of the last event handled. */
  readonly position: () => bigint;
  stop(): Promise<void>;
}

/**
 * The event store port. Every adapter (SQLite, PostgreSQL, EventStoreDB) implements it and is held
 * to the same behaviour by the shared contract suite (`event-store.contract.ts`).
 *
 * Positions order the global log. They are bigints in memory and decimal strings on the wire.
 * Stream revisions start at 0 for a stream's first event.
 */
export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision: ExpectedRevision }>,
  ): Promise<AppendResult>;

  /** Events of one stream in revision order; empty when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** The global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Position of the newest event in the log (0n when empty). */
  headPosition(): Promise<bigint>;

  /** Catch-up from `after`, then live. */
  subscribeToAll(options: SubscriptionOptions, handler: BatchHandler): Subscription;

  getCheckpoint(name: string): Promise<bigint | null>;
  storeCheckpoint(name: string, position: bigint): Promise<void>;

  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | null,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual ?? 'no stream'}`);
    this.name = 'ConcurrencyError';
  }
}
