import {
  loadKafkaConfig,
  loadRiskConfig,
  loadSatisfactionConfig,
  loadStorageConfig,
  loadTracingConfig,
  parseInteger,
  type KafkaConfig,
  type RiskConfig,
  type SatisfactionConfig,
  type StorageConfig,
  type TracingConfig,
} from '@crm/platform';

export type RiskMonitorConfig = StorageConfig &
  KafkaConfig &
  RiskConfig &
  SatisfactionConfig &
  TracingConfig &
  Readonly<{ port: number; host: string }>;

/** The standalone risk monitor: store, Kafka (optional: without it, the store's log), rules, satisfaction targets, health port. */
export const readRiskMonitorConfig = (env: NodeJS.ProcessEnv = process.env): RiskMonitorConfig => ({
  ...loadStorageConfig(env),
  ...loadKafkaConfig(env),
  ...loadRiskConfig(env),
  ...loadSatisfactionConfig(env),
  ...loadTracingConfig(env, 'crm-risk-monitor'),
  port: parseInteger('PORT', env.PORT, 3002, 0, 65535),
  host: env.HOST || '0.0.0.0',
});
