import { appendEvents, readGlobalLog } from './store-cases';
import type { BenchReport } from './report';
import { withTempSqliteStore } from './temp-store';

/** Raw appends (no load/decide) one at a time and 64 in flight, then a full read of the global log. */
export async function sqliteEventStoreBench(report: BenchReport): Promise<void> {
  await withTempSqliteStore(async (store) => {
    await appendEvents(report, store, {
      store: 'sqlite',
      appends: 5_000,
      concurrency: 1,
      streams: 1_000,
      notes: 'one durable commit per append (fsync-bound)',
    });
    await appendEvents(report, store, {
      store: 'sqlite',
      appends: 100_000,
      concurrency: 64,
      streams: 1_000,
      notes: 'group commit',
    });
    await readGlobalLog(report, store, {
      store: 'sqlite',
      target: 100_000,
      notes: 'data and metadata parsed from JSON',
    });
  });
}
