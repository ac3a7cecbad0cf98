export * from './trace-context';
export * from './tracing';
export * from './tracing-config';
export * from './start-tracing';
export * from './request-trace';
export * from './tracing-shutdown';
