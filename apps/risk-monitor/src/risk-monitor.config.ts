import {
  loadKafkaConfig,
  loadRiskConfig,
  loadStorageConfig,
  loadTracingConfig,
  parseInteger,
  type KafkaConfig,
  type RiskConfig,
  type StorageConfig,
  type TracingConfig,
} from '@crm/platform';

export type RiskMonitorConfig = StorageConfig &
  KafkaConfig &
  RiskConfig &
  TracingConfig &
  Readonly<{ port: number; host: string }>;

/** The standalone risk monitor: store, Kafka (optional: without it, the store's log), rules, health port. */
export const readRiskMonitorConfig = (env: NodeJS.ProcessEnv = process.env): RiskMonitorConfig => ({
  ...loadStorageConfig(env),
  ...loadKafkaConfig(env),
  ...loadRiskConfig(env),
  ...loadTracingConfig(env, 'crm-risk-monitor'),
  port: parseInteger('PORT', env.PORT, 3002, 0, 65535),
  host: env.HOST || '0.0.0.0',
});
