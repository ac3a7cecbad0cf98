import { installSpanFactory } from './tracing';
import type { TracingConfig } from './tracing-config';

/**
 * Turns tracing on for this process when an OTLP endpoint is configured: a tracer provider with a
 * batching processor and the OTLP/HTTP (JSON) exporter. Without one nothing is created, and the
 * OpenTelemetry SDK is not even loaded (it costs ~20 MB and a noticeable start-up); spans stay
 * untraced (ids only). Nothing is registered globally and nothing is patched: spans are made only
 * where the code calls `startSpan`.
 */
export const startTracing = async (config: TracingConfig['tracing']): Promise<boolean> => {
  if (config.tracesUrl === null) return false;
  const [{ otelSpanFactory }, { OTLPTraceExporter }] = await Promise.all([
    import('./otel-tracing'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  installSpanFactory(otelSpanFactory(config, new OTLPTraceExporter({ url: config.tracesUrl })));
  return true;
};
