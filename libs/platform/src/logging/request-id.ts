import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller's id is kept only if it is short and plain (a uuid, a gateway's trace id): it lands
 * in every log line and a response header, where anything else could forge or break lines.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;

/** On the request itself: a WeakMap entry per request cost the garbage collector several µs each. */
const ASSIGNED = Symbol('requestId');

type NamedRequest = IncomingMessage & { [ASSIGNED]?: string };

/**
 * The request's id: the incoming `x-request-id` when safe, else a fresh uuid. Memoised per
 * request, so the logger, the response header and anyone else asking all see the same one.
 */
export const requestIdOf = (request: NamedRequest): string => {
  let id = request[ASSIGNED];
  if (id === undefined) {
    const given = request.headers[REQUEST_ID_HEADER];
    id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    request[ASSIGNED] = id;
  }
  return id;
};
