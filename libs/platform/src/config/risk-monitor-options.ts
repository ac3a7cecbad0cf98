import { CLIENT_EVENTS_TOPIC, DEAD_LETTER_TOPIC } from '@crm/contracts';
import type { MessagingLogger } from '@crm/messaging';
import { loadRiskRules, type RiskMonitorModuleOptions } from '@crm/risk';
import type { StorageConfig } from './app-config';
import type { KafkaConfig } from './kafka-config';
import type { RiskConfig } from './risk-config';

/**
 * The risk monitor's wiring from validated configuration, shared by the API (in-process worker)
 * and apps/risk-monitor. Loads and validates the rules file: a bad file stops the process at boot.
 * With Kafka it joins the `risk-monitor` consumer group; without, it follows the store's log.
 * Its state sits beside the read models: PostgreSQL when they are there (shared by instances).
 */
export const riskMonitorOptions = (
  config: StorageConfig & KafkaConfig & RiskConfig,
  logger: MessagingLogger,
): RiskMonitorModuleOptions => ({
  state:
    config.readModelStore === 'postgres' && config.databaseUrl !== null
      ? { kind: 'postgres', connectionString: config.databaseUrl, schema: config.databaseSchema }
      : { kind: 'sqlite', path: config.riskStatePath },
  rules: loadRiskRules(config.riskRulesFile),
  logger,
  ...(config.kafkaBrokers !== null
    ? {
        kafka: {
          brokers: config.kafkaBrokers,
          clientId: `${config.kafkaClientId}-risk`,
          groupId: `${config.kafkaTopicPrefix}risk-monitor`,
          topic: `${config.kafkaTopicPrefix}${CLIENT_EVENTS_TOPIC}`,
          deadLetterTopic: `${config.kafkaTopicPrefix}${DEAD_LETTER_TOPIC}`,
          partitions: config.kafkaTopicPartitions,
        },
      }
    : {}),
  sweepIntervalMs: config.riskSweepIntervalMs,
  parkedRetryMs: config.riskParkedRetryMs,
});
