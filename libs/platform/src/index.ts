export * from './config/app-config';
export * from './config/config.module';
export * from './errors/api-error';
export * from './logging/logging.module';
export * from './metrics/metrics';
export * from './metrics/metrics.module';
export * from './metrics/http-metrics.hook';
export * from './cli/progress-line';
