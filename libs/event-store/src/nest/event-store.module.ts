import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '../event-store.port';
import { SqliteCheckpointStore } from '../eventstoredb/checkpoint-store';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb.event-store';
import { PostgresEventStore } from '../postgres/postgres.event-store';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';

export const EVENT_STORE = Symbol('EVENT_STORE');

export type EventStoreModuleOptions =
  | Readonly<{ kind: 'sqlite'; path: string; durable: boolean }>
  | Readonly<{ kind: 'postgres'; connectionString: string; schema: string }>
  /** EventStoreDB keeps no consumer checkpoints of ours: they go to a SQLite file beside the read models. */
  | Readonly<{ kind: 'eventstoredb'; connectionString: string; checkpointsPath: string }>;

/** Provides the configured store under EVENT_STORE and closes it (flushing queued appends) on shutdown. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useFactory: () => openEventStore(options) }],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

export const openEventStore = async (options: EventStoreModuleOptions): Promise<EventStore> => {
  switch (options.kind) {
    case 'sqlite':
      mkdirSync(dirname(options.path), { recursive: true });
      return SqliteEventStore.open(options.path, { synchronous: options.durable ? 'FULL' : 'NORMAL' });
    case 'postgres':
      return PostgresEventStore.open({ connectionString: options.connectionString, schema: options.schema });
    case 'eventstoredb':
      mkdirSync(dirname(options.checkpointsPath), { recursive: true });
      return EventStoreDbEventStore.open({
        connectionString: options.connectionString,
        checkpoints: SqliteCheckpointStore.open(options.checkpointsPath),
      });
  }
};
