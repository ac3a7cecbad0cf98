import type { IncomingMessage } from 'node:http';
import {
  newTraceId,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  traceContextFrom,
  type TraceContext,
} from './trace-context';

/** The answer's header naming the request's trace, for a caller that sent no traceparent. */
export const TRACE_ID_HEADER = 'x-trace-id';

/** The trace a request belongs to: the caller's (`parent`) when it sent a valid traceparent, else a new one. */
export type RequestTrace = Readonly<{ traceId: string; parent: TraceContext | null }>;

const ASSIGNED = Symbol('requestTrace');

type TracedRequest = IncomingMessage & { [ASSIGNED]?: RequestTrace };

/**
 * Memoised on the request, like its id: the log lines, the answer's header and the command's
 * span all see the same trace. A hostile or malformed traceparent is ignored, never an error.
 */
export const requestTraceOf = (request: TracedRequest): RequestTrace => {
  let trace = request[ASSIGNED];
  if (trace === undefined) {
    const parent = traceContextFrom(request.headers[TRACEPARENT_HEADER], request.headers[TRACESTATE_HEADER]);
    trace = parent === null ? { traceId: newTraceId(), parent: null } : { traceId: parent.traceId, parent };
    request[ASSIGNED] = trace;
  }
  return trace;
};
