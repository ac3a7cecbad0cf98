import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientViewProjector, DEFAULT_CATCH_UP_BATCH_SIZE, ProjectionRunner, SqliteReadModelStore } from '@crm/read-models';
import type { EventStore } from '@crm/event-store';
// By path, not through the @crm/testing barrel, which also holds jest-only helpers.
import { appendClientEventMix, generateClientEventMix } from '../../libs/testing/src/client-event-mix';
import type { BenchReport } from './report';
import { withTempSqliteStore } from './temp-store';

const EVENTS = 100_000;
const CLIENTS = 2_000;
const MANAGERS = 100;
/**
 * Catch-up batch sizes: the runner's default first (what a rebuild gets in production), then the
 * sizes the bench reported before catch-up and live batches were told apart, for comparison.
 */
const BATCH_SIZES = [DEFAULT_CATCH_UP_BATCH_SIZE, 5_000, 20_000] as const;
const TARGET_EVENTS_PER_SECOND = 80_000;

/** A fresh read-model file, removed afterwards. */
const withTempReadModels = async <T>(use: (file: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-rm-'));
  try {
    return await use(join(dir, 'read-models.sqlite'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Times a full rebuild: subscription from 0 through the projector until caught up with the head. */
const timeRebuild = async (events: EventStore, file: string, batchSize: number): Promise<number> => {
  const store = SqliteReadModelStore.open(file);
  try {
    const runner = new ProjectionRunner(events, store, new ClientViewProjector(store), { catchUpBatchSize: batchSize });
    const started = process.hrtime.bigint();
    await runner.rebuild();
    await runner.start();
    await runner.caughtUp();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await runner.stop();
    return seconds;
  } finally {
    await store.close();
  }
};

/**
 * Projection rebuild rate: 100,000 events over ~2,000 clients in a durable SQLite store, replayed
 * into an empty read-model file by the client-view projector (views, timeline, managers and
 * checkpoint committed per batch, exactly as in production).
 */
export async function projectionRebuildBench(report: BenchReport): Promise<void> {
  await withTempSqliteStore(async (events) => {
    const mix = generateClientEventMix({ clients: CLIENTS, managers: MANAGERS, events: EVENTS, seed: 2024 });
    await appendClientEventMix(events, mix, 5_000, (done) => report.progress('projection-rebuild: loading', done, EVENTS));

    await withTempReadModels(async (file) => {
      // A warm-up rebuild lets V8 optimise the fold and SQLite size its file before the timed runs.
      await timeRebuild(events, file, BATCH_SIZES[0]);
      for (const batchSize of BATCH_SIZES) {
        const seconds = await timeRebuild(events, file, batchSize);
        report.record({
          bench: 'projection-rebuild',
          name: `client-view, catch-up batch ${batchSize}${batchSize === DEFAULT_CATCH_UP_BATCH_SIZE ? ' (default)' : ''}`,
          store: 'sqlite',
          operations: EVENTS,
          unit: 'events',
          seconds,
          perSecond: EVENTS / seconds,
          target: TARGET_EVENTS_PER_SECOND,
          notes: `${CLIENTS} clients, ${MANAGERS} managers; includes reading the log`,
        });
      }
    });
  });
}
