import type { EventStore } from '@crm/event-store';
import { DEFAULT_CATCH_UP_BATCH_SIZE, PostgresReadModelStore } from '@crm/read-models';
import { recordRebuild, timeRebuild, withClientEventLog } from './projection-cases';
import type { BenchReport } from './report';
import { BENCH_DATABASE_URL, withTempSchema } from './temp-store';

/** The runner's default first (what a rebuild gets in production), then a live-sized batch for comparison. */
const BATCH_SIZES = [DEFAULT_CATCH_UP_BATCH_SIZE, 5_000] as const;

/**
 * Each run into a fresh schema rather than `rebuild()` in place, whose deletes would leave every
 * later run inserting among the previous run's dead rows until autovacuum catches up.
 */
const timeFreshRebuild = (events: EventStore, batchSize: number): Promise<number> =>
  withTempSchema(async (schema) => {
    const store = await PostgresReadModelStore.open({ connectionString: BENCH_DATABASE_URL, schema });
    try {
      return await timeRebuild(events, store, batchSize);
    } finally {
      await store.close();
    }
  });

/**
 * Projection rebuild rate into PostgreSQL read models: the same 100,000-event SQLite log as the
 * SQLite rebuild bench, replayed by the client read models' projector.
 */
export async function postgresProjectionBench(report: BenchReport): Promise<void> {
  await withClientEventLog(report, 'postgres-projection', async (events) => {
    // A warm-up rebuild lets V8 optimise the fold and PostgreSQL cache its catalogue before the timed runs.
    await timeFreshRebuild(events, BATCH_SIZES[0]);
    for (const batchSize of BATCH_SIZES) {
      const seconds = await timeFreshRebuild(events, batchSize);
      recordRebuild(report, {
        bench: 'postgres-projection',
        store: 'postgres read models',
        batchSize,
        seconds,
        notes: 'includes reading the SQLite log',
      });
    }
  });
}
