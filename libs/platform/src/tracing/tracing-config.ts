import { ConfigError, parseInteger } from '../config/config-parsing';

export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TraceSamplerName = (typeof TRACE_SAMPLERS)[number];

/** OpenTelemetry's standard variables, the subset this service honours. */
export type TracingConfig = Readonly<{
  tracing: Readonly<{
    /** Where spans go (OTLP/HTTP, JSON); null = tracing off, no exporter at all. */
    tracesUrl: string | null;
    serviceName: string;
    sampler: TraceSamplerName;
    /** For the ratio samplers: the share of new traces recorded. */
    samplerRatio: number;
    /** How long finished spans wait to be sent in one batch. */
    scheduleDelayMs: number;
  }>;
}>;

const httpUrl = (name: string, raw: string): URL => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, 'must be an http(s) URL');
  return url;
};

/**
 * The traces endpoint as the OTLP exporter spec derives it: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as
 * is, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`. Neither set (or OTEL_SDK_DISABLED=true): off.
 */
const tracesUrlOf = (env: NodeJS.ProcessEnv): string | null => {
  if (env.OTEL_SDK_DISABLED === 'true') return null;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (traces) return httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces).toString();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!base) return null;
  const url = httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
};

const parseSampler = (raw: string | undefined): TraceSamplerName => {
  if (raw === undefined || raw === '') return 'parentbased_always_on';
  if ((TRACE_SAMPLERS as readonly string[]).includes(raw)) return raw as TraceSamplerName;
  throw new ConfigError('OTEL_TRACES_SAMPLER', `must be one of ${TRACE_SAMPLERS.join(', ')}`);
};

const parseRatio = (raw: string | undefined): number => {
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || value > 1)
    throw new ConfigError('OTEL_TRACES_SAMPLER_ARG', 'must be a number from 0 to 1');
  return value;
};

export const loadTracingConfig = (env: NodeJS.ProcessEnv, defaultServiceName: string): TracingConfig => ({
  tracing: {
    tracesUrl: tracesUrlOf(env),
    serviceName: env.OTEL_SERVICE_NAME || defaultServiceName,
    sampler: parseSampler(env.OTEL_TRACES_SAMPLER),
    samplerRatio: parseRatio(env.OTEL_TRACES_SAMPLER_ARG),
    scheduleDelayMs: parseInteger('OTEL_BSP_SCHEDULE_DELAY', env.OTEL_BSP_SCHEDULE_DELAY, 5000, 0, 600_000),
  },
});
