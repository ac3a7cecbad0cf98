export * from './trace-context';
export * from './tracing';
export * from './tracing-config';
export * from './otel-tracing';
export * from './request-trace';
export * from './tracing-shutdown';
