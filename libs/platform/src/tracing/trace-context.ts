import { randomFillSync } from 'node:crypto';

/**
 * One hop of a W3C Trace Context (https://www.w3.org/TR/trace-context/): the trace, the span that
 * is the parent of whatever happens next, whether the trace is sampled, and the vendors'
 * `tracestate`, passed on as received.
 */
export type TraceContext = Readonly<{
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  spanId: string;
  sampled: boolean;
  tracestate?: string;
}>;

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/**
 * Version 00 exactly, as the spec has it for version 00: lowercase hex only, no other length.
 * A later version (01–fe) may append fields after a dash; its first four fields are read as 00's.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
/** The spec's upper bound for a traceparent of a future version is not given; 512 keeps logs sane. */
const MAX_TRACEPARENT_LENGTH = 512;

/**
 * The caller's `traceparent`, or null when it is absent or invalid in any way (the caller then
 * gets a new trace, never an error): version ff, all-zero ids, uppercase, a wrong length, or
 * trailing data on version 00.
 */
export const parseTraceparent = (header: unknown): Omit<TraceContext, 'tracestate'> | null => {
  if (typeof header !== 'string' || header.length > MAX_TRACEPARENT_LENGTH) return null;
  const match = TRACEPARENT.exec(header);
  if (match === null) return null;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return null;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
};

/** Always version 00, with only the sampled flag (the one flag this version defines). */
export const formatTraceparent = (context: TraceContext): string =>
  `00-${context.traceId}-${context.spanId}-${context.sampled ? '01' : '00'}`;

/**
 * `tracestate` list members: `key=value`, comma-separated, at most 32, at most 512 characters
 * in all. Not interpreted here, only kept when well formed so it cannot break a header or a log.
 */
const TRACESTATE_MEMBER =
  /^[ \t]*(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e][ \t]*$/;

/** The caller's `tracestate` when well formed, else undefined (dropped, as the spec allows). */
export const parseTracestate = (header: unknown): string | undefined => {
  if (typeof header !== 'string' || header.length === 0 || header.length > 512) return undefined;
  const members = header.split(',').filter((member) => member.trim() !== '');
  if (members.length === 0 || members.length > 32) return undefined;
  return members.every((member) => TRACESTATE_MEMBER.test(member)) ? members.map((m) => m.trim()).join(',') : undefined;
};

/** The context an incoming carrier (HTTP headers, Kafka headers, event metadata) holds, or null. */
export const traceContextFrom = (traceparent: unknown, tracestate?: unknown): TraceContext | null => {
  const parsed = parseTraceparent(traceparent);
  if (parsed === null) return null;
  const state = parseTracestate(tracestate);
  return state === undefined ? parsed : { ...parsed, tracestate: state };
};

/**
 * Random ids from a pooled buffer: one `randomFillSync` per 170 contexts rather than one call per
 * id, since every HTTP request without a traceparent needs a trace id.
 */
const POOL = Buffer.alloc(4080);
let offset = POOL.length;

const randomHex = (bytes: number): string => {
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const hex = POOL.toString('hex', offset, offset + bytes);
  offset += bytes;
  // All zeros is invalid; 2^-64 at worst, but cheap to rule out.
  return /^0+$/.test(hex) ? randomHex(bytes) : hex;
};

export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);

/** The same trace, a new span id: the hop this process makes (recorded by OpenTelemetry or not). */
export const childOf = (parent: TraceContext): TraceContext => ({ ...parent, spanId: newSpanId() });

/** A new trace, not sampled: nobody asked for it to be recorded. */
export const newTraceContext = (sampled = false): TraceContext => ({
  traceId: newTraceId(),
  spanId: newSpanId(),
  sampled,
});
