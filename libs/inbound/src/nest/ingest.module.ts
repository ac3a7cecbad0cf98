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
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { KafkajsMessageBroker } from '@crm/messaging';
import { Leadership, runWorker, type SingletonWorker } from '@crm/platform';
import { IngestWorker } from '../ingest/ingest.worker';
import { SqliteFactLedger } from '../ledger/sqlite.fact-ledger';
import { PostgresFactLedger } from '../ledger/postgres.fact-ledger';
import type { FactLedger } from '../ledger/fact-ledger.port';
import type { FactLedgerLocation, IngestModuleOptions } from './ingest-options';

export const openFactLedger = async (location: FactLedgerLocation): Promise<FactLedger> => {
  if (location.kind === 'postgres') return PostgresFactLedger.open(location);
  mkdirSync(dirname(location.path), { recursive: true });
  return SqliteFactLedger.open(location.path);
};

/**
 * The ingest's lease: one ingest per store. The parked retry reads every parked client, and a
 * SQLite ledger is a local file two hosts could not share.
 */
export const INGEST_LEASE = 'ingest';

/** Runs the ingest inside a Nest process (the embedded API or apps/ingest), behind its lease when the process has a Leadership. */
@Global()
@Module({})
export class IngestModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private singleton: SingletonWorker | null = null;

  constructor(
    @Inject(IngestWorker) private readonly worker: IngestWorker,
    @Optional() private readonly leadership?: Leadership,
  ) {}

  static forRoot(options: IngestModuleOptions): DynamicModule {
    return {
      module: IngestModule,
      providers: [
        {
          provide: IngestWorker,
          inject: [EVENT_STORE],
          useFactory: async (store: EventStore) =>
            new IngestWorker({
              store,
              ledger: await openFactLedger(options.ledger),
              calendar: options.calendar,
              recoveryDays: options.recoveryDays,
              broker: new KafkajsMessageBroker({
                brokers: options.brokers,
                clientId: options.clientId,
                logger: options.logger,
              }),
              groupId: options.groupId,
              topic: options.topic,
              deadLetterTopic: options.deadLetterTopic,
              partitions: options.partitions,
              parkMs: options.parkMs,
              parkRetryMs: options.parkRetryMs,
              logger: options.logger,
            }),
        },
      ],
      exports: [IngestWorker],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.singleton = await runWorker(this.leadership, INGEST_LEASE, this.worker);
  }

  // Before the store module closes the store under it.
  async beforeApplicationShutdown(): Promise<void> {
    await this.singleton?.stop();
    await this.worker.close();
  }
}
