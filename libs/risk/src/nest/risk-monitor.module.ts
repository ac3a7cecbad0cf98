import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Global,
  Inject,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { BankCalendar, RiskReading, RiskRulesConfig, SatisfactionTargets } from '@crm/domain';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { KafkajsMessageBroker, type MessagingLogger } from '@crm/messaging';
import { Leadership, runWorker, type SingletonWorker } from '@crm/platform';
import {
  CLIENT_READ_MODELS_PROJECTION,
  READ_MODEL_STORE,
  SatisfactionQueries,
  type ReadModelStore,
} from '@crm/read-models';
import type { RaiseOutcome } from '../engine/alert-writer';
import { RiskMonitorWorker } from '../engine/risk-monitor.worker';
import { PostgresRiskStateStore } from '../state/postgres.risk-state-store';
import type { RiskStateStore } from '../state/risk-state-store.port';
import { SqliteRiskStateStore } from '../state/sqlite.risk-state-store';

export type RiskStateLocation =
  Readonly<{ kind: 'sqlite'; path: string }> | Readonly<{ kind: 'postgres'; connectionString: string; schema: string }>;

export type RiskMonitorModuleOptions = Readonly<{
  state: RiskStateLocation;
  rules: RiskRulesConfig;
  calendar: BankCalendar;
  logger: MessagingLogger;
  kafka?: Readonly<{
    brokers: readonly string[];
    clientId: string;
    groupId: string;
    topic: string;
    deadLetterTopic: string;
    partitions: number;
  }>;
  sweepIntervalMs: number;
  /** The branches' quarterly satisfaction targets; the sweep judges them when the process has the read models. */
  satisfactionTargets?: SatisfactionTargets;
  parkedRetryMs: number;
  /** The monitor's clock; the real one unless a test shifts it (RISK_MONITOR_NOW). */
  clock?: () => Date;
  onAlert?: (outcome: RaiseOutcome, reading: RiskReading) => void;
}>;

export const openRiskStateStore = async (location: RiskStateLocation): Promise<RiskStateStore> => {
  if (location.kind === 'postgres') return PostgresRiskStateStore.open(location);
  mkdirSync(dirname(location.path), { recursive: true });
  return SqliteRiskStateStore.open(location.path);
};

/** The satisfaction figures the sweep judges quarters by: the client read models' own, and how far they have projected. */
const satisfactionJudgement = (readModels: ReadModelStore, targets: SatisfactionTargets, timeZone: string) => {
  const queries = new SatisfactionQueries(readModels);
  return {
    figures: {
      projectedPosition: () => readModels.checkpoint(CLIENT_READ_MODELS_PROJECTION),
      quarterByBranch: (quarter: string) => queries.quarterByBranch(quarter, timeZone),
    },
    targets,
    timeZone,
  };
};

/** The risk monitor's lease: one monitor (its sweep included) per store, whichever process runs it. */
export const RISK_MONITOR_LEASE = 'risk-monitor';

/**
 * Runs the risk monitor inside a Nest process (the embedded API or apps/risk-monitor): behind its
 * lease when the process has a Leadership, else unconditionally. The whole monitor is one
 * singleton, on Kafka too: its consumer group could share partitions among replicas, but the
 * clock sweep reads and writes every client's state, and a sweep beside another replica's inputs
 * for the same client would race on that state.
 */
@Global()
@Module({})
export class RiskMonitorModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private singleton: SingletonWorker | null = null;

  constructor(
    @Inject(RiskMonitorWorker) private readonly worker: RiskMonitorWorker,
    @Optional() private readonly leadership?: Leadership,
  ) {}

  static forRoot(options: RiskMonitorModuleOptions): DynamicModule {
    return {
      module: RiskMonitorModule,
      providers: [
        {
          provide: RiskMonitorWorker,
          inject: [EVENT_STORE, { token: READ_MODEL_STORE, optional: true }],
          useFactory: async (store: EventStore, readModels: ReadModelStore | undefined) => {
            const { kafka, state, satisfactionTargets, ...rest } = options;
            return new RiskMonitorWorker({
              ...rest,
              store,
              states: await openRiskStateStore(state),
              ...(satisfactionTargets !== undefined && readModels !== undefined
                ? { satisfaction: satisfactionJudgement(readModels, satisfactionTargets, options.rules.timeZone) }
                : {}),
              ...(kafka
                ? {
                    kafka: {
                      broker: new KafkajsMessageBroker({
                        brokers: kafka.brokers,
                        clientId: kafka.clientId,
                        logger: options.logger,
                      }),
                      groupId: kafka.groupId,
                      topic: kafka.topic,
                      deadLetterTopic: kafka.deadLetterTopic,
                      partitions: kafka.partitions,
                    },
                  }
                : {}),
            });
          },
        },
      ],
      exports: [RiskMonitorWorker],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.singleton = await runWorker(this.leadership, RISK_MONITOR_LEASE, this.worker);
  }

  // Before the store module closes the store under it.
  async beforeApplicationShutdown(): Promise<void> {
    await this.singleton?.stop();
    await this.worker.close();
  }
}
