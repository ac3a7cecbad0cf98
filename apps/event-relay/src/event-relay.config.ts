import {
  ConfigError,
  loadKafkaConfig,
  loadStorageConfig,
  loadTracingConfig,
  type KafkaConfig,
  type StorageConfig,
  type TracingConfig,
} from '@crm/platform';

export type EventRelayConfig = StorageConfig &
  KafkaConfig &
  TracingConfig &
  Readonly<{ kafkaBrokers: readonly string[] }>;

/** The relay app's settings: where the log is and where Kafka is (required here). */
export const readEventRelayConfig = (env: NodeJS.ProcessEnv = process.env): EventRelayConfig => {
  const kafka = loadKafkaConfig(env);
  if (kafka.kafkaBrokers === null) throw new ConfigError('KAFKA_BROKERS', 'is required by the event relay');
  return {
    ...loadStorageConfig(env),
    ...kafka,
    ...loadTracingConfig(env, 'crm-event-relay'),
    kafkaBrokers: kafka.kafkaBrokers,
  };
};
