import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import pino from 'pino';
import { EventStoreModule, eventStoreOptions, loadBankCalendar } from '@crm/event-store';
import { CLIENT_EVENTS_TOPIC, CLIENT_STATE_TOPIC, DEAD_LETTER_TOPIC, RISK_ALERTS_TOPIC } from '@crm/contracts';
import { RelayModule } from '@crm/messaging';
import { RiskMonitorModule, riskMonitorOptions } from '@crm/risk';
import { ingestOptions, IngestModule } from '@crm/inbound';
import { AuthModule, IdempotencyModule } from '@crm/api-kit';
import type { BankCalendar } from '@crm/domain';
import {
  ConfigModule,
  consoleDestination,
  LeadershipModule,
  LOG_REDACTION,
  MetricsModule,
  TracingShutdown,
  type AppConfig,
} from '@crm/platform';
import { leadershipOptionsFor } from '@crm/sql';
import { readModelStoreLocation, ReadModelsModule } from '@crm/read-models';
import { AlertFeedModule } from './alerts/alert-feed.module';
import { AuditModule } from './audit/audit.module';
import { BatchesModule } from './batches/batches.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { AlertsModule } from './alerts/alerts.module';
import { RiskCasesModule } from './risk-cases/risk-cases.module';
import { ClientAgendaController } from './clients/client-agenda.http.controller';
import { ClientPipelineController } from './clients/client-pipeline.http.controller';
import { ClientTeamController } from './clients/client-team.http.controller';
import { ManagerNamed } from './clients/manager-named';
import { ClientContactsController } from './clients/client-contacts.http.controller';
import { ClientComplaintsController } from './clients/client-complaints.http.controller';
import { ClientCreditController } from './clients/client-credit.http.controller';
import { ClientLifecycleController } from './clients/client-lifecycle.http.controller';
import { ClientProductsController } from './clients/client-products.http.controller';
import { ClientNotesController } from './clients/client-notes.http.controller';
import { ClientQueriesController } from './clients/client-queries.http.controller';
import { ClientRiskFlagsController } from './clients/client-risk-flags.http.controller';
import { BankCalendarModule } from './commands/bank-calendar.module';
import { CommandGateway } from './commands/command-gateway';
import { DecideHandler } from './commands/decide.handler';
import { StreamStateCaches } from './commands/stream-state-caches';
import { DevTokensModule } from './dev-tokens/dev-tokens.module';
import { HealthController } from './health/health.http.controller';
import { StorageFaultsModule } from './health/storage-faults';
import { ManagersController } from './managers/managers.http.controller';
import { ManagerAbsenceController } from './managers/manager-absence.http.controller';
import { ClientGroupsController } from './client-groups/client-groups.http.controller';
import { CreditChanges } from './credit-proposals/credit-changes';
import { CreditProposalsController } from './credit-proposals/credit-proposals.http.controller';
import { ManagerHandover } from './managers/manager-handover';
import { ManagerDeparture } from './managers/manager-departure';
import { ManagerQueriesController } from './managers/manager-queries.http.controller';
import { BranchQueriesController } from './branches/branch-queries.http.controller';
import { ComplaintQueriesController } from './complaints/complaint-queries.http.controller';
import { loadSatisfactionTargets } from './satisfaction/satisfaction-targets.provider';
import { SatisfactionModule } from './satisfaction/satisfaction.module';
import { DepartmentsModule } from './departments/departments.module';
import { ReadPathWarmUp } from './queries/read-path-warm-up';
import { ReadYourWrites } from './queries/read-your-writes';
import { MetricsController } from './metrics/metrics.http.controller';
import { WorkerMetrics } from './metrics/worker.metrics';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const calendar = bankCalendarOf(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        MetricsModule,
        StorageFaultsModule,
        // Every replica is a candidate for every worker WORKERS allows; one of them runs each.
        LeadershipModule.forRoot(
          leadershipOptionsFor(
            config,
            pino({ level: config.logLevel, redact: LOG_REDACTION, base: { component: 'leadership' } }),
          ),
        ),
        AuthModule,
        CqrsModule.forRoot(),
        TerminusModule,
        EventStoreModule.forRoot(eventStoreOptions(config)),
        BankCalendarModule.forRoot(calendar),
        // The directory is read and checked at boot like the calendar: a bad departments file stops the API.
        DepartmentsModule.forRoot(config),
        ReadModelsModule.forRoot({
          ...readModelStoreLocation(config),
          runProjector: config.workers.includes('projector'),
          catchUpBatchSize: config.projectionCatchUpBatchSize,
          cachedViews: config.projectionCachedViews,
          logger: pino(
            { level: config.logLevel, redact: LOG_REDACTION, base: { component: 'projector' } },
            consoleDestination(),
          ),
        }),
        IdempotencyModule.forRoot(config),
        DevTokensModule.register(config.authDevTokens),
        BatchesModule,
        AlertsModule,
        // Read and checked at boot like the calendar: a bad targets file stops the API.
        SatisfactionModule.forRoot(loadSatisfactionTargets(config)),
        RiskCasesModule,
        AlertFeedModule,
        AuditModule,
        PersonalDataModule,
        ...relayIn(config),
        ...riskMonitorIn(config, calendar),
        ...ingestIn(config, calendar),
      ],
      controllers: [
        ClientLifecycleController,
        ClientContactsController,
        ClientComplaintsController,
        ClientAgendaController,
        ClientPipelineController,
        ClientTeamController,
        ClientCreditController,
        ClientRiskFlagsController,
        ClientProductsController,
        ClientQueriesController,
        ClientNotesController,
        ManagersController,
        ManagerAbsenceController,
        ClientGroupsController,
        CreditProposalsController,
        ManagerQueriesController,
        BranchQueriesController,
        ComplaintQueriesController,
        HealthController,
        MetricsController,
      ],
      providers: [
        CommandGateway,
        CreditChanges,
        ManagerNamed,
        ManagerHandover,
        ManagerDeparture,
        DecideHandler,
        StreamStateCaches,
        ReadYourWrites,
        ReadPathWarmUp,
        WorkerMetrics,
        TracingShutdown,
      ],
    };
  }
}

/**
 * Read and checked once at boot (a bad calendar file stops the API with one line naming it), for
 * the command gateway and the embedded risk monitor alike.
 */
const bankCalendarOf = (config: AppConfig): BankCalendar => {
  const logger = pino(
    { level: config.logLevel, redact: LOG_REDACTION, base: { component: 'bank-calendar' } },
    consoleDestination(),
  );
  return loadBankCalendar(config, { warn: (message) => logger.warn(message) });
};

/** The embedded default runs the relay in-process when Kafka is configured; servers run apps/event-relay. */
const relayIn = (config: AppConfig): DynamicModule[] =>
  config.kafkaBrokers !== null && config.workers.includes('relay')
    ? [
        RelayModule.forRoot({
          brokers: config.kafkaBrokers,
          clientId: `${config.kafkaClientId}-api`,
          topic: `${config.kafkaTopicPrefix}${CLIENT_EVENTS_TOPIC}`,
          riskAlertsTopic: `${config.kafkaTopicPrefix}${RISK_ALERTS_TOPIC}`,
          deadLetterTopic: `${config.kafkaTopicPrefix}${DEAD_LETTER_TOPIC}`,
          clientStateTopic: `${config.kafkaTopicPrefix}${CLIENT_STATE_TOPIC}`,
          publishSuperseded: config.kafkaPublishSuperseded,
          partitions: config.kafkaTopicPartitions,
          batchSize: config.relayBatchSize,
          logger: pino(
            { level: config.logLevel, redact: LOG_REDACTION, base: { component: 'relay' } },
            consoleDestination(),
          ),
        }),
      ]
    : [];

/**
 * The risk monitor runs here unless WORKERS leaves it out: on Kafka when KAFKA_BROKERS is set,
 * else on the store's log (the embedded default).
 */
const riskMonitorIn = (config: AppConfig, calendar: BankCalendar): DynamicModule[] =>
  config.workers.includes('risk-monitor')
    ? [
        RiskMonitorModule.forRoot(
          riskMonitorOptions(
            config,
            pino(
              { level: config.logLevel, redact: LOG_REDACTION, base: { component: 'risk-monitor' } },
              consoleDestination(),
            ),
            calendar,
          ),
        ),
      ]
    : [];

/**
 * The ingest of crm.inbound.client-facts.v1 runs here when Kafka is configured and WORKERS allows
 * it (the embedded default); servers run apps/ingest with WORKERS leaving it out here.
 */
const ingestIn = (config: AppConfig, calendar: BankCalendar): DynamicModule[] =>
  config.kafkaBrokers !== null && config.workers.includes('ingest')
    ? [
        IngestModule.forRoot(
          ingestOptions(
            config,
            config.kafkaBrokers,
            pino(
              { level: config.logLevel, redact: LOG_REDACTION, base: { component: 'ingest' } },
              consoleDestination(),
            ),
            calendar,
          ),
        ),
      ]
    : [];
