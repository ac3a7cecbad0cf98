import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@crm/platform';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency.store';
import { PostgresIdempotencyStore } from './postgres.idempotency.store';
import { idempotencyPathBeside, SqliteIdempotencyStore } from './sqlite.idempotency.store';

/**
 * Answers live beside the events when the store is relational (they are about writes and must
 * survive with them), else in the read-model database. On SQLite that is a file of their own next
 * to the event store's: a commit by a second connection on the event store's file empties that
 * file's page cache on the store's connection, so every read of a stream after an answer was
 * stored (twice per write request) started cold.
 */
export const openIdempotencyStore = async (config: AppConfig): Promise<IdempotencyStore> => {
  if (config.eventStore === 'sqlite') {
    return new SqliteIdempotencyStore(idempotencyPathBeside(config.sqlitePath), config.sqlitePath);
  }
  if (config.databaseUrl !== null) {
    return PostgresIdempotencyStore.open({ connectionString: config.databaseUrl, schema: config.databaseSchema });
  }
  return new SqliteIdempotencyStore(config.readModelPath);
};

@Global()
@Module({})
export class IdempotencyModule implements OnApplicationShutdown {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: IdempotencyModule,
      providers: [
        { provide: IDEMPOTENCY_STORE, useFactory: () => openIdempotencyStore(config) },
        IdempotencyInterceptor,
      ],
      exports: [IDEMPOTENCY_STORE, IdempotencyInterceptor],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
