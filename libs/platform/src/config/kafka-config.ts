import { ConfigError, parseInteger } from './config-parsing';

/** Where Kafka is and how the relay uses it. No brokers means no Kafka: the relay does not run. */
export type KafkaConfig = Readonly<{
  kafkaBrokers: readonly string[] | null;
  kafkaClientId: string;
  /** Put before every topic name, for environments that share one cluster (e.g. `uat.`). */
  kafkaTopicPrefix: string;
  /** Partitions of topics the apps create; existing topics keep theirs. */
  kafkaTopicPartitions: number;
  relayBatchSize: number;
  /**
   * Superseded message types (`bank.crm.PaymentPastDue.v1`) the relay still publishes beside their
   * successor, for a migration window; empty: only the current versions.
   */
  kafkaPublishSuperseded: readonly string[];
}>;

const MESSAGE_TYPE = /^bank\.crm\.[A-Z][A-Za-z0-9]*\.v[1-9]\d*$/;

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

export const loadKafkaConfig = (env: NodeJS.ProcessEnv = process.env): KafkaConfig => {
  const raw = env.KAFKA_BROKERS?.trim() ?? '';
  let kafkaBrokers: string[] | null = null;
  if (raw !== '') {
    kafkaBrokers = raw.split(',').map((broker) => broker.trim());
    if (kafkaBrokers.some((broker) => !BROKER.test(broker))) {
      throw new ConfigError('KAFKA_BROKERS', 'must be a comma-separated list of host:port');
    }
  }
  const kafkaClientId = env.KAFKA_CLIENT_ID || 'crm';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(kafkaClientId)) {
    throw new ConfigError('KAFKA_CLIENT_ID', 'must be 1-64 letters, digits, dots, dashes or underscores');
  }
  const kafkaTopicPrefix = env.KAFKA_TOPIC_PREFIX ?? '';
  if (!/^[A-Za-z0-9._-]{0,100}$/.test(kafkaTopicPrefix)) {
    throw new ConfigError('KAFKA_TOPIC_PREFIX', 'may hold only letters, digits, dots, dashes and underscores');
  }
  const kafkaPublishSuperseded = (env.KAFKA_PUBLISH_SUPERSEDED ?? '')
    .split(',')
    .map((type) => type.trim())
    .filter((type) => type !== '');
  if (kafkaPublishSuperseded.some((type) => !MESSAGE_TYPE.test(type))) {
    throw new ConfigError(
      'KAFKA_PUBLISH_SUPERSEDED',
      'must be a comma-separated list of message types (bank.crm.<Name>.v<n>)',
    );
  }
  return {
    kafkaBrokers,
    kafkaPublishSuperseded,
    kafkaClientId,
    kafkaTopicPrefix,
    kafkaTopicPartitions: parseInteger('KAFKA_TOPIC_PARTITIONS', env.KAFKA_TOPIC_PARTITIONS, 12, 1, 1000),
    relayBatchSize: parseInteger('RELAY_BATCH_SIZE', env.RELAY_BATCH_SIZE, 1000, 1, 10_000),
  };
};
