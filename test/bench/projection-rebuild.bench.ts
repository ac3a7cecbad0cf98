import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CATCH_UP_BATCH_SIZE, readModelCrypto, SqliteReadModelStore } from '@crm/read-models';
import { recordRebuild, timeRebuild, withClientEventLog, withEncryptedClientEventLog } from './projection-cases';
import type { BenchReport } from './report';

/**
 * Catch-up batch sizes: the runner's default first (what a rebuild gets in production), then the
 * sizes the bench reported before catch-up and live batches were told apart, for comparison.
 */
const BATCH_SIZES = [DEFAULT_CATCH_UP_BATCH_SIZE, 5_000, 20_000] as const;
/**
 * Rebuilds from the plain and the encrypted log alternately: on a shared machine only a ratio
 * taken from neighbouring runs means much.
 */
const INTERLEAVED_ROUNDS = 3;
const TARGET = 80_000;

/**
 * Projection rebuild rate: the 100,000-event log in a durable SQLite store, replayed into an empty
 * SQLite read-model file by the client read models' projector (views, timeline, managers and checkpoint
 * committed per batch, exactly as in production); then the same log written and read through the
 * encrypting store the apps run with (personal fields sealed per client), beside the plain one.
 */
export async function projectionRebuildBench(report: BenchReport): Promise<void> {
  await withClientEventLog(report, 'projection-rebuild', async (plain) => {
    await withEncryptedClientEventLog(report, 'projection-rebuild', async (encrypted) => {
      const dir = mkdtempSync(join(tmpdir(), 'crm-bench-rm-'));
      const store = SqliteReadModelStore.open(join(dir, 'read-models.sqlite'));
      try {
        // Warm-up rebuilds let V8 optimise the fold and SQLite size its file before the timed runs.
        await timeRebuild(plain, store, DEFAULT_CATCH_UP_BATCH_SIZE);
        const crypto = readModelCrypto(encrypted);
        await timeRebuild(crypto.source, store, DEFAULT_CATCH_UP_BATCH_SIZE, crypto.termOpener);
        for (let round = 0; round < INTERLEAVED_ROUNDS; round++) {
          const plainSeconds = await timeRebuild(plain, store, DEFAULT_CATCH_UP_BATCH_SIZE);
          recordRebuild(report, {
            bench: 'projection-rebuild',
            store: 'sqlite',
            batchSize: DEFAULT_CATCH_UP_BATCH_SIZE,
            seconds: plainSeconds,
            target: TARGET,
            notes: `includes reading the log; round ${round + 1}`,
          });
          const seconds = await timeRebuild(crypto.source, store, DEFAULT_CATCH_UP_BATCH_SIZE, crypto.termOpener);
          recordRebuild(report, {
            bench: 'projection-rebuild',
            store: 'sqlite + encryption',
            path: 'as the apps read it (tokens, names opened for search)',
            batchSize: DEFAULT_CATCH_UP_BATCH_SIZE,
            seconds,
            target: TARGET,
            notes: `includes reading the log; round ${round + 1}, ${(plainSeconds / seconds).toFixed(2)} of the plain rebuild just before`,
          });
        }
        for (const batchSize of BATCH_SIZES.slice(1)) {
          recordRebuild(report, {
            bench: 'projection-rebuild',
            store: 'sqlite',
            batchSize,
            seconds: await timeRebuild(plain, store, batchSize),
            target: TARGET,
            notes: 'includes reading the log',
          });
        }
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
