/** A stored answer to replay for a repeated Idempotency-Key. */
export type StoredResponse = Readonly<{ status: number; body: unknown }>;

export type IdempotencyClaim =
  | Readonly<{ outcome: 'claimed' }>
  | Readonly<{ outcome: 'in_progress' }>
  | Readonly<{ outcome: 'mismatch' }>
  | Readonly<{ outcome: 'replay'; response: StoredResponse }>;

/**
 * Remembers the first answer per (scope, key). `claim` is atomic: of two concurrent requests with
 * the same key, one runs and the other is told it is in progress.
 */
export interface IdempotencyStore {
  claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim>;
  complete(scope: string, key: string, response: StoredResponse, now: Date): Promise<void>;
  release(scope: string, key: string): Promise<void>;
  close(): Promise<void>;
}

/** Answers are kept a day, long enough for any client retry policy. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/**
 * How often (on the claims' clock) answers past their retention are deleted. The delete has no
 * index to use and scans the table (11.8 ms of the event loop at 100,000 answers), so it runs by
 * time: counted in claims, a bulk load at 5,000 lines/s ran it five times a second.
 */
export const IDEMPOTENCY_PURGE_EVERY_MS = 60 * 1000;
/**
 * A claim never completed (the process died mid-request) is taken over after this long. The
 * command it guarded derived its new ids from the key, so running it again cannot duplicate it.
 */
export const IDEMPOTENCY_ABANDONED_AFTER_MS = 60 * 1000;

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
