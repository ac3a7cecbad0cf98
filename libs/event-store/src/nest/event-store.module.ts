import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';

export const EVENT_STORE = Symbol('EVENT_STORE');

export type EventStoreModuleOptions = Readonly<{ kind: 'sqlite'; path: string; durable: boolean }>;

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

export const openEventStore = (options: EventStoreModuleOptions): EventStore => {
  mkdirSync(dirname(options.path), { recursive: true });
  return SqliteEventStore.open(options.path, { synchronous: options.durable ? 'FULL' : 'NORMAL' });
};
