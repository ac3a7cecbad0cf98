import { childOf, newSpanId, newTraceId, type TraceContext } from './trace-context';

export type SpanKindName = 'server' | 'internal' | 'producer' | 'consumer';

/** Ids, counts and names only: a span attribute never holds personal data. */
export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

export type SpanOptions = Readonly<{
  kind?: SpanKindName;
  /** The hop this span continues; null starts a new trace. */
  parent: TraceContext | null;
  /** With no parent: the trace id already promised to the caller (the request's), else a new one. */
  traceId?: string;
  attributes?: SpanAttributes;
}>;

/** One unit of work in a trace; its `context` is what is handed on (event metadata, a Kafka header). */
export interface TraceSpan {
  readonly context: TraceContext;
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed, with the error's class name only (a message may carry personal data). */
  fail(error: unknown): void;
  end(): void;
}

/** How spans are made: untraced by default, OpenTelemetry once `startTracing` has installed it. */
export interface SpanFactory {
  start(name: string, options: SpanOptions): TraceSpan;
  shutdown(): Promise<void>;
}

const nothing = (): void => undefined;

/**
 * Without an exporter a span is only a new span id on the same trace, so the trace still reaches
 * the event, the Kafka message and the alert; nothing is recorded, timed or queued.
 */
const UNTRACED: SpanFactory = {
  start: (_name, options) => ({
    context:
      options.parent === null
        ? { traceId: options.traceId ?? newTraceId(), spanId: newSpanId(), sampled: false }
        : childOf(options.parent),
    setAttributes: nothing,
    fail: nothing,
    end: nothing,
  }),
  shutdown: () => Promise.resolve(),
};

let factory: SpanFactory = UNTRACED;

/** Starts a span at one of the few points that are traced (see docs/decisions.md §34). */
export const startSpan = (name: string, options: SpanOptions): TraceSpan => factory.start(name, options);

/** Runs `work` in a span that ends when it settles, failed when it throws. */
export const inSpan = async <T>(
  name: string,
  options: SpanOptions,
  work: (span: TraceSpan) => Promise<T>,
): Promise<T> => {
  const span = factory.start(name, options);
  try {
    return await work(span);
  } catch (error) {
    span.fail(error);
    throw error;
  } finally {
    span.end();
  }
};

/** True once spans are exported (OTEL_EXPORTER_OTLP_ENDPOINT set). */
export const tracingEnabled = (): boolean => factory !== UNTRACED;

/** Installs the span factory for this process (startTracing); `null` goes back to untraced. */
export const installSpanFactory = (next: SpanFactory | null): void => {
  factory = next ?? UNTRACED;
};

/** Exports what is still queued and stops; idempotent. */
export const shutdownTracing = async (): Promise<void> => {
  const current = factory;
  factory = UNTRACED;
  await current.shutdown();
};
