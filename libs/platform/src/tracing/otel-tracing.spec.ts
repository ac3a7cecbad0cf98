import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { otelSpanFactory } from './otel-tracing';
import type { TracingConfig } from './tracing-config';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

/** Keeps its spans past shutdown (the stock one forgets them there), which is what flushes the batch. */
class KeptSpans extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const config = (overrides: Partial<TracingConfig['tracing']> = {}): TracingConfig['tracing'] => ({
  tracesUrl: 'http://127.0.0.1:4318/v1/traces',
  serviceName: 'crm-test',
  sampler: 'parentbased_always_on',
  samplerRatio: 1,
  scheduleDelayMs: 60_000,
  ...overrides,
});

describe('OpenTelemetry spans', () => {
  it('a root span takes the trace id the request already has; children link to their parents', async () => {
    const exporter = new KeptSpans();
    const factory = otelSpanFactory(config(), exporter);
    const command = factory.start('command RegisterClient', { kind: 'server', parent: null, traceId: TRACE_ID });
    const append = factory.start('event-store append', {
      parent: command.context,
      attributes: { 'crm.position': '7' },
    });
    append.end();
    command.end();
    await factory.shutdown();

    expect(command.context).toMatchObject({ traceId: TRACE_ID, sampled: true });
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['event-store append', 'command RegisterClient']);
    const [appendSpan, commandSpan] = spans;
    expect(commandSpan.spanContext()).toMatchObject({ traceId: TRACE_ID, spanId: command.context.spanId });
    expect(commandSpan.parentSpanContext).toBeUndefined();
    expect(appendSpan.parentSpanContext?.spanId).toBe(command.context.spanId);
    expect(appendSpan.attributes).toEqual({ 'crm.position': '7' });
    expect(commandSpan.resource.attributes['service.name']).toBe('crm-test');
  });

  it("continues a caller's trace and keeps its tracestate; a failure is named by its class only", async () => {
    const exporter = new KeptSpans();
    const factory = otelSpanFactory(config(), exporter);
    const parent = { traceId: TRACE_ID, spanId: CALLER_SPAN, sampled: true, tracestate: 'k=v' };
    const span = factory.start('risk evaluate', { kind: 'consumer', parent });
    span.fail(new TypeError('client Wang Fang has no facility'));
    span.end();
    await factory.shutdown();

    expect(span.context).toMatchObject({ traceId: TRACE_ID, sampled: true, tracestate: 'k=v' });
    const [finished] = exporter.getFinishedSpans();
    expect(finished.parentSpanContext).toMatchObject({ traceId: TRACE_ID, spanId: CALLER_SPAN, isRemote: true });
    expect(finished.status).toEqual({ code: 2, message: 'TypeError' });
  });

  it("honours the caller's decision not to sample: nothing recorded, the context still handed on", async () => {
    const exporter = new KeptSpans();
    const factory = otelSpanFactory(config(), exporter);
    const span = factory.start('publish crm.client-events.v1', {
      kind: 'producer',
      parent: { traceId: TRACE_ID, spanId: CALLER_SPAN, sampled: false },
    });
    span.end();
    await factory.shutdown();
    expect(span.context).toMatchObject({ traceId: TRACE_ID, sampled: false });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('always_off records nothing, even for a new trace', async () => {
    const exporter = new KeptSpans();
    const factory = otelSpanFactory(config({ sampler: 'always_off' }), exporter);
    const span = factory.start('command X', { parent: null, traceId: TRACE_ID });
    span.end();
    await factory.shutdown();
    expect(span.context).toMatchObject({ traceId: TRACE_ID, sampled: false });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
