import {
  ConfigError,
  loadIngestConfig,
  loadKafkaConfig,
  loadSatisfactionConfig,
  loadStorageConfig,
  loadTracingConfig,
  parseInteger,
  type IngestConfig,
  type KafkaConfig,
  type SatisfactionConfig,
  type StorageConfig,
  type TracingConfig,
} from '@crm/platform';

export type IngestAppConfig = StorageConfig &
  KafkaConfig &
  IngestConfig &
  SatisfactionConfig &
  TracingConfig &
  Readonly<{ brokers: readonly string[]; port: number; host: string }>;

/** The standalone ingest: store, Kafka (required: the facts arrive there), ledger and parking, recovery days, health port. */
export const readIngestConfig = (env: NodeJS.ProcessEnv = process.env): IngestAppConfig => {
  const kafka = loadKafkaConfig(env);
  if (kafka.kafkaBrokers === null) throw new ConfigError('KAFKA_BROKERS', 'is required by the ingest');
  return {
    ...loadStorageConfig(env),
    ...kafka,
    ...loadIngestConfig(env),
    ...loadSatisfactionConfig(env),
    ...loadTracingConfig(env, 'crm-ingest'),
    brokers: kafka.kafkaBrokers,
    port: parseInteger('PORT', env.PORT, 3003, 0, 65535),
    host: env.HOST || '0.0.0.0',
  };
};
