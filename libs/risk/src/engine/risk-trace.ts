import { traceContextFrom, type TraceContext } from '@crm/platform';

type TraceFields = Readonly<{ traceparent?: string; tracestate?: string }>;

/**
 * The trace fields an input keeps (they may wait in the parked queue): only a valid traceparent,
 * and its tracestate only beside it; a message's hostile header is dropped, not carried along.
 */
export const traceOf = (traceparent: string | undefined, tracestate: string | undefined): TraceFields => {
  const context = traceContextFrom(traceparent, tracestate);
  if (context === null) return {};
  return context.tracestate === undefined ? { traceparent } : { traceparent, tracestate: context.tracestate };
};

/** The context an input's trace fields name, or null when it came outside any trace. */
export const traceContextOfInput = (fields: TraceFields): TraceContext | null =>
  traceContextFrom(fields.traceparent, fields.tracestate);
