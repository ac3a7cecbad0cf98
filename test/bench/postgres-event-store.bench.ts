import type { ClientState } from '@crm/domain';
import { PostgresEventStore, StreamStateCache } from '@crm/event-store';
import { registerClients, runCommands } from './command-cases';
import type { BenchReport } from './report';
import { appendEvents, readGlobalLog } from './store-cases';
import { BENCH_DATABASE_URL, withTempSchema } from './temp-store';

const STORE = 'postgres';

/**
 * The PostgreSQL store, each case on a fresh schema (dropped at the end): commands with the API's
 * state cache one at a time and 16 in flight; raw appends; then the global log read in pages.
 */
export async function postgresEventStoreBench(report: BenchReport): Promise<void> {
  for (const concurrency of [1, 16]) {
    await withTempStore(async (store) => {
      const cache = new StreamStateCache<ClientState>();
      await registerClients(store, 16, cache);
      await runCommands(report, store, {
        store: STORE,
        concurrency,
        target: concurrency === 1 ? undefined : 3_000,
        cache,
        notes: 'group commit, synchronous_commit on',
      });
    });
  }
  await withTempStore(async (store) => {
    await appendEvents(report, store, {
      store: STORE,
      appends: 2_000,
      concurrency: 1,
      streams: 1_000,
      notes: 'one durable commit per append',
    });
    await appendEvents(report, store, {
      store: STORE,
      appends: 100_000,
      concurrency: 64,
      streams: 1_000,
      notes: 'single-event appends, group commit',
    });
    await readGlobalLog(report, store, {
      store: STORE,
      target: 60_000,
      notes: 'jsonb data and metadata parsed, gap-safe visibility filter',
    });
  });
}

const withTempStore = (use: (store: PostgresEventStore) => Promise<void>): Promise<void> =>
  withTempSchema(async (schema) => {
    const store = await PostgresEventStore.open({ connectionString: BENCH_DATABASE_URL, schema });
    try {
      await use(store);
    } finally {
      await store.close();
    }
  });
