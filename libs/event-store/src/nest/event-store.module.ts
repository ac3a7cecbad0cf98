import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '../event-store.port';
import {
  dataKeysPathBeside,
  encryptEventStore,
  type DataKeyLocation,
  type DataKeyOptions,
} from '../encryption/open-encryption';
import { PostgresEventStore } from '../postgres/postgres.event-store';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import type { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { UpcastingEventStore } from '../upcasting/upcasting-event-store';

export const EVENT_STORE = Symbol('EVENT_STORE');

export type EventStoreModuleOptions = (
  | Readonly<{ kind: 'sqlite'; path: string; durable: boolean; cacheSizeKiB?: number }>
  | Readonly<{ kind: 'postgres'; connectionString: string; schema: string }>
  /**
   * EventStoreDB keeps no consumer checkpoints of ours: they go to a SQLite file beside the read
   * models; its data keys to another file beside it (`dataKeysPathBeside`).
   */
  | Readonly<{ kind: 'eventstoredb'; connectionString: string; checkpointsPath: string }>
) &
  Readonly<{
    /**
     * Crypto-shredding of client personal data (EncryptingEventStore), with its keys in the same
     * database as the events. Every process of a deployment must use the same setting: a process
     * without it would append personal data in plaintext and read envelopes instead of values.
     */
    dataKeys?: DataKeyOptions;
    /** Older event versions are upcast on read (under decryption); without it, events come as stored. */
    upcasters?: UpcasterRegistry;
  }>;

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
  const adapter = await openAdapter(options);
  const store = options.upcasters === undefined ? adapter : new UpcastingEventStore(adapter, options.upcasters);
  if (options.dataKeys === undefined) return store;
  try {
    return await encryptEventStore(store, dataKeyLocationOf(options), options.dataKeys);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
};

/** The key store sits in the events' own database (SQLite file, PostgreSQL schema) wherever it can. */
export const dataKeyLocationOf = (options: EventStoreModuleOptions): DataKeyLocation => {
  switch (options.kind) {
    case 'sqlite':
      return { kind: 'sqlite', eventsPath: options.path };
    case 'postgres':
      return { kind: 'postgres', connectionString: options.connectionString, schema: options.schema };
    case 'eventstoredb':
      return { kind: 'sqlite-file', path: dataKeysPathBeside(options.checkpointsPath) };
  }
};

const openAdapter = async (options: EventStoreModuleOptions): Promise<EventStore> => {
  switch (options.kind) {
    case 'sqlite':
      mkdirSync(dirname(options.path), { recursive: true });
      return SqliteEventStore.open(options.path, {
        synchronous: options.durable ? 'FULL' : 'NORMAL',
        cacheSizeKiB: options.cacheSizeKiB,
      });
    case 'postgres':
      return PostgresEventStore.open({ connectionString: options.connectionString, schema: options.schema });
    case 'eventstoredb': {
      // Loaded only here: its gRPC client keeps ~8 MiB of heap live in any process that loads
      // it, and only an installation on EventStoreDB needs it.
      const [{ EventStoreDbEventStore }, { SqliteCheckpointStore }] = await Promise.all([
        import('../eventstoredb/eventstoredb.event-store'),
        import('../eventstoredb/checkpoint-store'),
      ]);
      mkdirSync(dirname(options.checkpointsPath), { recursive: true });
      return EventStoreDbEventStore.open({
        connectionString: options.connectionString,
        checkpoints: SqliteCheckpointStore.open(options.checkpointsPath),
      });
    }
  }
};
