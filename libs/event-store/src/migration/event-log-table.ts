import type { DataKeyRecord, EventRecord } from './event-log-record';

/**
 * The event log and key ring of one store as raw rows, for moving a store between dialects with
 * everything kept: positions, revisions, ids, commit times, sealed personal fields, wrapped keys.
 * It bypasses the store's append path on purpose (that path assigns positions and times), so it is
 * used only on a store no process is writing to (an import refuses a non-empty target).
 */
export interface EventLogTable {
  readonly dialect: 'sqlite' | 'postgres';
  /** Position of the newest event a reader may pass (0n when empty). */
  headPosition(): Promise<bigint>;
  /** Fingerprints of the master keys wrapping live data keys, sorted. */
  masterKeyIds(): Promise<string[]>;
  /** Up to `limit` key rows after `afterSubject` (subject order; '' from the start). */
  dataKeys(afterSubject: string, limit: number): Promise<DataKeyRecord[]>;
  /** Up to `limit` events with after < position <= upTo, in position order. */
  events(after: bigint, upTo: bigint, limit: number): Promise<EventRecord[]>;
  /** True when the store holds no event and no key row. */
  isEmpty(): Promise<boolean>;
  /** Runs `work` in one transaction: an import lands whole or not at all. */
  inImport(work: (writer: EventLogWriter) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface EventLogWriter {
  insertDataKeys(keys: readonly DataKeyRecord[]): Promise<void>;
  insertEvents(events: readonly EventRecord[]): Promise<void>;
}
