import { DEAD_LETTER_TOPIC, INBOUND_CLIENT_FACTS_TOPIC } from '@crm/contracts';
import type { BankCalendar } from '@crm/domain';
import { loadBankCalendar } from '@crm/event-store';
import type { MessagingLogger } from '@crm/messaging';
import type { IngestConfig, KafkaConfig, SatisfactionConfig, StorageConfig } from '@crm/platform';

export type FactLedgerLocation =
  Readonly<{ kind: 'sqlite'; path: string }> | Readonly<{ kind: 'postgres'; connectionString: string; schema: string }>;

export type IngestModuleOptions = Readonly<{
  ledger: FactLedgerLocation;
  calendar: BankCalendar;
  /** SATISFACTION_RECOVERY_DAYS: a survey fact's detractor opens a recovery task due that many days later. */
  recoveryDays: number;
  logger: MessagingLogger;
  brokers: readonly string[];
  clientId: string;
  groupId: string;
  topic: string;
  deadLetterTopic: string;
  partitions: number;
  parkMs: number;
  parkRetryMs: number;
}>;

/**
 * The ingest's wiring from validated configuration, shared by the API (in-process, WORKERS with
 * `ingest` and KAFKA_BROKERS set) and apps/ingest. It joins the `ingest` consumer group. Its
 * ledger sits where the risk monitor's state does: PostgreSQL when the read models are there (it
 * then outlives a pod, and a replica taking over the lease finds it), else a SQLite file.
 */
export const ingestOptions = (
  config: StorageConfig & KafkaConfig & IngestConfig & SatisfactionConfig,
  brokers: readonly string[],
  logger: MessagingLogger,
  /** The calendar a process that decides other commands too (the API) has loaded already. */
  calendar?: BankCalendar,
): IngestModuleOptions => ({
  ledger:
    config.readModelStore === 'postgres' && config.databaseUrl !== null
      ? { kind: 'postgres', connectionString: config.databaseUrl, schema: config.databaseSchema }
      : { kind: 'sqlite', path: config.ingestLedgerPath },
  calendar: calendar ?? loadBankCalendar(config, { warn: (message) => logger.warn({}, message) }),
  recoveryDays: config.satisfactionRecoveryDays,
  logger,
  brokers,
  clientId: `${config.kafkaClientId}-ingest`,
  groupId: `${config.kafkaTopicPrefix}ingest`,
  topic: `${config.kafkaTopicPrefix}${INBOUND_CLIENT_FACTS_TOPIC}`,
  deadLetterTopic: `${config.kafkaTopicPrefix}${DEAD_LETTER_TOPIC}`,
  partitions: config.kafkaTopicPartitions,
  parkMs: config.ingestParkMs,
  parkRetryMs: config.ingestParkRetryMs,
});
