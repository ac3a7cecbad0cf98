import {
  createTraceState,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  RandomIdGenerator,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type IdGenerator,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { type SpanFactory, type SpanKindName, type SpanOptions, type TraceSpan } from './tracing';
import type { TracingConfig } from './tracing-config';
import type { TraceContext } from './trace-context';

const KINDS: Readonly<Record<SpanKindName, SpanKind>> = {
  server: SpanKind.SERVER,
  internal: SpanKind.INTERNAL,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/**
 * A root span must carry the trace id the request already has (it is in the request's log lines
 * and answer). The SDK asks its id generator for a root's trace id synchronously inside
 * `startSpan`, so the id to use is set just before that call and taken by it.
 */
class PromisedTraceIds implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  next: string | null = null;

  generateTraceId(): string {
    const promised = this.next;
    this.next = null;
    return promised ?? this.random.generateTraceId();
  }

  generateSpanId(): string {
    return this.random.generateSpanId();
  }
}

const samplerOf = ({ sampler, samplerRatio }: TracingConfig['tracing']): Sampler => {
  const ratio = new TraceIdRatioBasedSampler(samplerRatio);
  switch (sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
};

const contextOf = (span: Span, parent: TraceContext | null): TraceContext => {
  const { traceId, spanId, traceFlags } = span.spanContext();
  const sampled = (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  return parent?.tracestate === undefined
    ? { traceId, spanId, sampled }
    : { traceId, spanId, sampled, tracestate: parent.tracestate };
};

class OtelSpan implements TraceSpan {
  readonly context: TraceContext;

  constructor(
    private readonly span: Span,
    parent: TraceContext | null,
  ) {
    this.context = contextOf(span, parent);
  }

  setAttributes(attributes: Readonly<Record<string, string | number | boolean>>): void {
    this.span.setAttributes(attributes);
  }

  fail(error: unknown): void {
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
  }

  end(): void {
    this.span.end();
  }
}

class OtelSpanFactory implements SpanFactory {
  constructor(
    private readonly provider: TracerProvider,
    private readonly tracer: Tracer,
    private readonly ids: PromisedTraceIds,
  ) {}

  start(name: string, options: SpanOptions): TraceSpan {
    const { parent } = options;
    const spanOptions = { kind: KINDS[options.kind ?? 'internal'], attributes: options.attributes };
    if (parent === null) {
      this.ids.next = options.traceId ?? null;
      const span = this.tracer.startSpan(name, { ...spanOptions, root: true }, ROOT_CONTEXT);
      this.ids.next = null;
      return new OtelSpan(span, null);
    }
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: parent.traceId,
      spanId: parent.spanId,
      traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
      ...(parent.tracestate === undefined ? {} : { traceState: createTraceState(parent.tracestate) }),
    });
    return new OtelSpan(this.tracer.startSpan(name, spanOptions, remote), parent);
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

/** The OpenTelemetry span factory, exporting to `exporter` (OTLP in the apps, in memory in specs). */
export const otelSpanFactory = (config: TracingConfig['tracing'], exporter: SpanExporter): SpanFactory => {
  const ids = new PromisedTraceIds();
  const resource = resourceFromAttributes({ 'service.name': config.serviceName }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const provider = new TracerProvider({
    resource,
    sampler: samplerOf(config),
    idGenerator: ids,
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: config.scheduleDelayMs })],
  });
  return new OtelSpanFactory(provider, provider.getTracer('crm-event-backbone'), ids);
};
