import { loadTracingConfig } from './tracing-config';

describe('tracing configuration (the standard OTEL_* variables)', () => {
  it('is off without an OTLP endpoint', () => {
    expect(loadTracingConfig({}, 'crm-api').tracing).toEqual({
      tracesUrl: null,
      serviceName: 'crm-api',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      scheduleDelayMs: 5000,
    });
  });

  it('sends to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'a').tracing.tracesUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c.example/otlp/' }, 'a').tracing.tracesUrl).toBe(
      'https://c.example/otlp/v1/traces',
    );
    expect(
      loadTracingConfig(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces' },
        'a',
      ).tracing.tracesUrl,
    ).toBe('http://b:4318/traces');
    expect(
      loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_SDK_DISABLED: 'true' }, 'a').tracing
        .tracesUrl,
    ).toBeNull();
  });

  it('takes the service name, sampler and batch delay', () => {
    const { tracing } = loadTracingConfig(
      {
        OTEL_SERVICE_NAME: 'crm-api-blue',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
      'crm-api',
    );
    expect(tracing).toMatchObject({
      serviceName: 'crm-api-blue',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      scheduleDelayMs: 200,
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://c/x' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER'],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_BSP_SCHEDULE_DELAY: '-1' }, 'OTEL_BSP_SCHEDULE_DELAY'],
  ])('refuses %p, naming %s', (env, variable) => {
    expect(() => loadTracingConfig(env, 'a')).toThrow(`invalid configuration: ${variable}`);
  });
});
