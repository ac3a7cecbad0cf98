import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A request the API sends itself (each line of a batch, through its route) carries this header
 * with a secret made at start and never written anywhere: the rate limiter counted the batch
 * once, and counting its lines again would refuse any batch longer than the per-minute budget.
 */
export const INTERNAL_REQUEST_HEADER = 'x-crm-internal-request';

const SECRET = randomBytes(32).toString('base64url');

/** The headers that mark a request as the API's own. */
export const internalRequestHeaders = (): Readonly<Record<string, string>> => ({ [INTERNAL_REQUEST_HEADER]: SECRET });

/** Whether `headers` carry this process's secret (compared in constant time). */
export const isInternalRequest = (headers: Readonly<Record<string, string | string[] | undefined>>): boolean => {
  const given = headers[INTERNAL_REQUEST_HEADER];
  if (typeof given !== 'string' || given.length !== SECRET.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(SECRET));
};
