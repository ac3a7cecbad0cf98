export type StoredDataKey = Readonly<{
  subject: string;
  /** Version of the client's data key, recorded in every envelope it sealed. */
  version: number;
  /** Fingerprint of the master key that wrapped it; null once destroyed. */
  kekId: string | null;
  /** `iv | ciphertext | tag` of the data key under the master key; null once destroyed. */
  wrapped: Buffer | null;
  destroyed: boolean;
  /** An erasure was started and its key is not destroyed yet (see EncryptingEventStore). */
  erasureRequested: boolean;
}>;

export type NewDataKey = Readonly<{
  subject: string;
  version: number;
  kekId: string;
  wrapped: Buffer;
  createdAt: string;
}>;

/**
 * Where the wrapped per-client data keys live: a table in the same database as the events
 * (SQLite file, PostgreSQL schema), so a backup of one is a backup of both, and a restore never
 * pairs events with keys from another moment. For EventStoreDB it is a SQLite file of its own.
 *
 * A destroyed key leaves a tombstone row (no key material), so no process ever makes a new key
 * for an erased client.
 */
export interface DataKeyStore {
  /** The rows of these subjects; a subject without a row is absent from the map. */
  get(subjects: readonly string[]): Promise<Map<string, StoredDataKey>>;
  /**
   * Stores each key whose subject has no row yet (others: a racing writer's key, a tombstone), in
   * one durable commit; returns the row now stored for every subject.
   */
  insertIfAbsent(keys: readonly NewDataKey[]): Promise<Map<string, StoredDataKey>>;
  /** Write-ahead intent of an erasure, recorded before PersonalDataErased is appended. */
  markErasureRequested(subject: string, at: string): Promise<void>;
  clearErasureRequest(subject: string): Promise<void>;
  /** Subjects whose erasure was requested before `before` (ISO time) and whose key still exists. */
  pendingErasures(before: string): Promise<string[]>;
  /** Destroys the key material for good; the tombstone is written even when no row existed. */
  destroy(subject: string, at: string): Promise<void>;
  /** Up to `limit` live keys wrapped by a master key other than `kekId` (rotation). */
  wrappedByOthers(kekId: string, limit: number): Promise<StoredDataKey[]>;
  /** Replaces a wrapped key if it is still wrapped by `fromKekId`; false when it changed meanwhile. */
  rewrap(subject: string, fromKekId: string, toKekId: string, wrapped: Buffer): Promise<boolean>;
  /** One live key per master key that wrapped any: lets a process check at boot that it has the right master keys. */
  liveSamplePerMasterKey(): Promise<StoredDataKey[]>;
  /** Moves freed bytes out of the database's files (SQLite: WAL checkpoint + truncate; PostgreSQL: VACUUM). */
  purgeFreedSpace(): Promise<void>;
  close(): Promise<void>;
}
