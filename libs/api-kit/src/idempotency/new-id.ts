import { createHash } from 'node:crypto';
import { v7 } from 'uuid';
import type { IdempotentRequest } from './idempotency.interceptor';

/**
 * The id of a thing a request creates (client, contact, flag …). Under an Idempotency-Key it is
 * derived from the key, so a request re-run after a crash names the same thing and the decider
 * refuses the duplicate instead of creating a second one.
 */
export const newId = (request: IdempotentRequest, kind: string): string => {
  if (!request.idempotency) return v7();
  const { scope, key } = request.idempotency;
  const hex = createHash('sha256').update(`${scope}\n${key}\n${kind}`).digest('hex');
  // Shaped as a version-8 (custom) RFC 9562 uuid so it validates like any other id.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
