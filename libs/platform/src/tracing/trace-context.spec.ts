import {
  childOf,
  formatTraceparent,
  newTraceContext,
  parseTraceparent,
  parseTracestate,
  traceContextFrom,
} from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('traceparent (W3C Trace Context, version 00)', () => {
  it('reads a valid header: trace id, parent id and the sampled flag', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID, sampled: true });
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-00`)).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      sampled: false,
    });
    // Flags other than sampled are unknown to version 00 and ignored.
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-03`)?.sampled).toBe(true);
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-02`)?.sampled).toBe(false);
  });

  it('formats what it reads back to the same header', () => {
    const context = parseTraceparent(VALID);
    expect(context).not.toBeNull();
    expect(formatTraceparent(context!)).toBe(VALID);
    expect(formatTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, sampled: false })).toBe(
      `00-${TRACE_ID}-${SPAN_ID}-00`,
    );
  });

  it('reads a future version by its first four fields, extra fields allowed', () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-01`)).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      sampled: true,
    });
    expect(parseTraceparent(`cc-${TRACE_ID}-${SPAN_ID}-01-what-the-future-holds`)?.traceId).toBe(TRACE_ID);
  });

  it.each([
    ['version ff (forbidden)', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['version 00 with trailing data', `${VALID}-extra`],
    ['a future version glued to more data without a dash', `01-${TRACE_ID}-${SPAN_ID}-01x`],
    ['a one-digit version', `0-${TRACE_ID}-${SPAN_ID}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['a long trace id', `00-${TRACE_ID}0-${SPAN_ID}-01`],
    ['a short parent id', `00-${TRACE_ID}-${SPAN_ID.slice(1)}-01`],
    ['a long parent id', `00-${TRACE_ID}-${SPAN_ID}0-01`],
    ['three-digit flags', `00-${TRACE_ID}-${SPAN_ID}-001`],
    ['an uppercase trace id', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['an uppercase parent id', `00-${TRACE_ID}-${SPAN_ID.toUpperCase()}-01`],
    ['an uppercase version', `0A-${TRACE_ID}-${SPAN_ID}-01`],
    ['uppercase flags', `00-${TRACE_ID}-${SPAN_ID}-0F`],
    ['non-hex digits', `00-${TRACE_ID.slice(0, 31)}g-${SPAN_ID}-01`],
    ['surrounding whitespace', ` ${VALID}`],
    ['a header injection', `${VALID}\r\nx-evil: 1`],
    ['another separator', VALID.replace(/-/g, '_')],
    ['an empty string', ''],
    ['a huge header', `01-${TRACE_ID}-${SPAN_ID}-01-${'a'.repeat(10_000)}`],
  ])('rejects %s', (_case, header) => {
    expect(parseTraceparent(header)).toBeNull();
  });

  it.each([undefined, null, 42, ['00', TRACE_ID], { traceId: TRACE_ID }])('rejects a non-string (%p)', (header) => {
    expect(parseTraceparent(header)).toBeNull();
  });
});

describe('tracestate', () => {
  it('keeps a well-formed list, trimmed', () => {
    expect(parseTracestate('congo=t61rcWkgMzE, rojo=00f067aa0ba902b7')).toBe('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    expect(parseTracestate('tenant@vendor=abc')).toBe('tenant@vendor=abc');
  });

  it.each([
    ['an uppercase key', 'Congo=1'],
    ['a member without a value', 'congo'],
    ['a control character', 'congo=a\nb'],
    ['a comma-free equals in the value', 'congo=a=b'],
    ['too many members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
    ['more than 512 characters', `k=${'v'.repeat(600)}`],
    ['nothing', ''],
  ])('drops %s', (_case, header) => {
    expect(parseTracestate(header)).toBeUndefined();
  });

  it('is kept only beside a valid traceparent', () => {
    expect(traceContextFrom(VALID, 'k=v')).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      sampled: true,
      tracestate: 'k=v',
    });
    expect(traceContextFrom(VALID, 'K=v')).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID, sampled: true });
    expect(traceContextFrom('garbage', 'k=v')).toBeNull();
  });
});

describe('new ids', () => {
  it('a new trace: 32 and 16 lowercase hex digits, not sampled, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const context = newTraceContext();
      expect(formatTraceparent(context)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(parseTraceparent(formatTraceparent(context))).toEqual(context);
      seen.add(context.traceId);
    }
    expect(seen.size).toBe(500);
  });

  it('a child keeps the trace, the flags and the tracestate, with a new span id', () => {
    const parent = { traceId: TRACE_ID, spanId: SPAN_ID, sampled: true, tracestate: 'k=v' };
    const child = childOf(parent);
    expect(child).toMatchObject({ traceId: TRACE_ID, sampled: true, tracestate: 'k=v' });
    expect(child.spanId).not.toBe(SPAN_ID);
  });
});
