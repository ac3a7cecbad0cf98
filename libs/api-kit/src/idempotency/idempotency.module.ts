import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@crm/platform';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from './idempotency.store';
import { PostgresIdempotencyStore } from './postgres.idempotency.store';
import { SqliteIdempotencyStore } from './sqlite.idempotency.store';

/**
 * Answers live beside the events when the store is relational (they are about writes and must
 * survive with them), else in the read-model database.
 */
export const openIdempotencyStore = async (config: AppConfig): Promise<IdempotencyStore> => {
  if (config.eventStore === 'sqlite') return new SqliteIdempotencyStore(config.sqlitePath);
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
