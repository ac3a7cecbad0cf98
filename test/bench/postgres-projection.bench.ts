import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ClientViewProjector, DEFAULT_CATCH_UP_BATCH_SIZE, PostgresReadModelStore, ProjectionRunner } from '@crm/read-models';
import type { EventStore } from '@crm/event-store';
// By path, not through the @crm/testing barrel, which also holds jest-only helpers.
import { appendClientEventMix, generateClientEventMix } from '../../libs/testing/src/client-event-mix';
import type { BenchReport } from './report';
import { withTempSqliteStore } from './temp-store';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = 100_000;
const CLIENTS = 2_000;
const MANAGERS = 100;
/** The runner's default first (what a rebuild gets in production), then a live-sized batch for comparison. */
const BATCH_SIZES = [DEFAULT_CATCH_UP_BATCH_SIZE, 5_000] as const;

/** A schema of its own, dropped afterwards (with everything the store created in it). */
const withTempSchema = async <T>(use: (schema: string) => Promise<T>): Promise<T> => {
  const schema = `crm_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    return await use(schema);
  } finally {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  }
};

/**
 * Times a full rebuild into a fresh schema: subscription from 0 through the projector until caught
 * up with the head. Fresh rather than `rebuild()` in place, whose deletes would leave every later
 * run inserting among the previous run's dead rows until autovacuum catches up.
 */
const timeRebuild = (events: EventStore, batchSize: number): Promise<number> =>
  withTempSchema(async (schema) => {
    const store = await PostgresReadModelStore.open({ connectionString: DATABASE_URL, schema });
    try {
      const runner = new ProjectionRunner(events, store, new ClientViewProjector(store), { catchUpBatchSize: batchSize });
      const started = process.hrtime.bigint();
      await runner.start();
      await runner.caughtUp();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await runner.stop();
      return seconds;
    } finally {
      await store.close();
    }
  });

/**
 * Projection rebuild rate into PostgreSQL read models: the same 100,000-event SQLite log as the
 * SQLite rebuild bench, replayed by the client-view projector (views, timeline, managers and
 * checkpoint committed per batch, as in production).
 */
export async function postgresProjectionBench(report: BenchReport): Promise<void> {
  await withTempSqliteStore(async (events) => {
    const mix = generateClientEventMix({ clients: CLIENTS, managers: MANAGERS, events: EVENTS, seed: 2024 });
    await appendClientEventMix(events, mix, 5_000, (done) => report.progress('postgres-projection: loading', done, EVENTS));

    // A warm-up rebuild lets V8 optimise the fold and PostgreSQL cache its catalogue before the timed runs.
    await timeRebuild(events, BATCH_SIZES[0]);
    for (const batchSize of BATCH_SIZES) {
      const seconds = await timeRebuild(events, batchSize);
      report.record({
        bench: 'postgres-projection',
        name: `client-view, catch-up batch ${batchSize}${batchSize === DEFAULT_CATCH_UP_BATCH_SIZE ? ' (default)' : ''}`,
        store: 'postgres read models',
        operations: EVENTS,
        unit: 'events',
        seconds,
        perSecond: EVENTS / seconds,
        notes: `${CLIENTS} clients, ${MANAGERS} managers; includes reading the SQLite log`,
      });
    }
  });
}
