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
  claim(scope: string, key: string, requestHash: string, now: Date): IdempotencyClaim;
  complete(scope: string, key: string, response: StoredResponse, now: Date): void;
  release(scope: string, key: string): void;
  close(): void;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
