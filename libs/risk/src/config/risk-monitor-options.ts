import { CLIENT_EVENTS_TOPIC, DEAD_LETTER_TOPIC } from '@crm/contracts';
import type { BankCalendar } from '@crm/domain';
import { loadBankCalendar } from '@crm/event-store';
import type { MessagingLogger } from '@crm/messaging';
import {
  loadSatisfactionTargetsFile,
  type KafkaConfig,
  type RiskConfig,
  type SatisfactionConfig,
  type StorageConfig,
} from '@crm/platform';
import { parseSatisfactionTargets, withTimeZone } from '@crm/domain';
import { loadRiskRules } from './risk-rules.loader';
import type { RiskMonitorModuleOptions } from '../nest/risk-monitor.module';

/**
 * The risk monitor's wiring from validated configuration, shared by the API (in-process worker)
 * and apps/risk-monitor. Loads and validates the rules file, the bank calendar (alerts fall due
 * on its business days) and the satisfaction targets: a bad file stops the process at boot. With
 * Kafka it joins the `risk-monitor` consumer group; without, it follows the store's log. Its state
 * sits beside the read models: PostgreSQL when they are there (shared by instances).
 */
export const riskMonitorOptions = (
  config: StorageConfig & KafkaConfig & RiskConfig & SatisfactionConfig,
  logger: MessagingLogger,
  /** The calendar a process that decides other commands too (the API) has loaded already. */
  calendar?: BankCalendar,
): RiskMonitorModuleOptions => ({
  state:
    config.readModelStore === 'postgres' && config.databaseUrl !== null
      ? { kind: 'postgres', connectionString: config.databaseUrl, schema: config.databaseSchema }
      : { kind: 'sqlite', path: config.riskStatePath },
  rules: withTimeZone(loadRiskRules(config.riskRulesFile), config.bankTimeZone),
  calendar: calendar ?? loadBankCalendar(config, { warn: (message) => logger.warn({}, message) }),
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
  satisfactionTargets: loadSatisfactionTargetsFile(config.satisfactionTargetsFile, parseSatisfactionTargets),
  ...(config.riskMonitorNow === null ? {} : { clock: shiftedClock(config.riskMonitorNow) }),
  parkedRetryMs: config.riskParkedRetryMs,
});

/** A clock that starts at `start` and then runs at the real pace (RISK_MONITOR_NOW, for tests). */
const shiftedClock = (start: string): (() => Date) => {
  const offset = Date.parse(start) - Date.now();
  return () => new Date(Date.now() + offset);
};
