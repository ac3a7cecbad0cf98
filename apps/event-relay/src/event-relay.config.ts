import { ConfigError, loadKafkaConfig, loadStorageConfig, type KafkaConfig, type StorageConfig } from '@crm/platform';

export type EventRelayConfig = StorageConfig & KafkaConfig & Readonly<{ kafkaBrokers: readonly string[] }>;

/** The relay app's settings: where the log is and where Kafka is (required here). */
export const readEventRelayConfig = (env: NodeJS.ProcessEnv = process.env): EventRelayConfig => {
  const kafka = loadKafkaConfig(env);
  if (kafka.kafkaBrokers === null) throw new ConfigError('KAFKA_BROKERS', 'is required by the event relay');
  return { ...loadStorageConfig(env), ...kafka, kafkaBrokers: kafka.kafkaBrokers };
};
