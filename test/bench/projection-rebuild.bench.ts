import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CATCH_UP_BATCH_SIZE, SqliteReadModelStore } from '@crm/read-models';
import { recordRebuild, timeRebuild, withClientEventLog } from './projection-cases';
import type { BenchReport } from './report';

/**
 * Catch-up batch sizes: the runner's default first (what a rebuild gets in production), then the
 * sizes the bench reported before catch-up and live batches were told apart, for comparison.
 */
const BATCH_SIZES = [DEFAULT_CATCH_UP_BATCH_SIZE, 5_000, 20_000] as const;

/**
 * Projection rebuild rate: the 100,000-event log in a durable SQLite store, replayed into an empty
 * SQLite read-model file by the client read models' projector (views, timeline, managers and checkpoint
 * committed per batch, exactly as in production).
 */
export async function projectionRebuildBench(report: BenchReport): Promise<void> {
  await withClientEventLog(report, 'projection-rebuild', async (events) => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-bench-rm-'));
    const store = SqliteReadModelStore.open(join(dir, 'read-models.sqlite'));
    try {
      // A warm-up rebuild lets V8 optimise the fold and SQLite size its file before the timed runs.
      await timeRebuild(events, store, BATCH_SIZES[0]);
      for (const batchSize of BATCH_SIZES) {
        const seconds = await timeRebuild(events, store, batchSize);
        recordRebuild(report, {
          bench: 'projection-rebuild',
          store: 'sqlite',
          batchSize,
          seconds,
          target: 80_000,
          notes: 'includes reading the log',
        });
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
