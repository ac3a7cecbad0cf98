import { Client } from 'pg';
import type { ClientState } from '@crm/domain';
import { PostgresEventStore, StreamStateCache, type EventStore } from '@crm/event-store';
import {
  recordHotStreamRound,
  registerClients,
  runCommands,
  runHotStream,
  type HotStreamCase,
  type HotStreamMode,
  type HotStreamRun,
} from './command-cases';
import type { BenchReport } from './report';
import { BENCH_DATABASE_URL, withTempEncryptedSqliteStore, withTempSchema, withTempSqliteStore } from './temp-store';

/**
 * Commands on a durable SQLite file, one at a time and 16 in flight, each case on a fresh file;
 * without and with the StreamStateCache the API uses; then as the apps run it, behind the
 * crypto-shredding layer. Then hot streams: 16 in flight on one client and on 20, on SQLite and
 * PostgreSQL, against the code before issue 13 and the raw append in the same rounds.
 */
export async function commandHandlingBench(report: BenchReport): Promise<void> {
  for (const cached of [false, true]) {
    for (const concurrency of [1, 16]) {
      await withTempSqliteStore(async (store) => {
        await registerClients(store, 1);
        await runCommands(report, store, {
          store: 'sqlite',
          concurrency,
          target: concurrency === 1 ? 3_000 : 10_000,
          cache: cached ? new StreamStateCache() : undefined,
          notes: 'synchronous=FULL',
        });
      });
    }
  }
  for (const concurrency of [1, 16]) {
    await withTempEncryptedSqliteStore(async (store) => {
      const cache = new StreamStateCache<ClientState>();
      await registerClients(store, 1, cache);
      await runCommands(report, store, {
        store: 'sqlite + encryption',
        concurrency,
        target: concurrency === 1 ? 3_000 : 10_000,
        cache,
        notes: 'synchronous=FULL, EncryptingEventStore (per-client data keys), state cache',
      });
    });
  }
  await hotStreamRounds(report, withTempSqliteStore, { store: 'sqlite', notes: 'synchronous=FULL' });
  if (await postgresReachable()) {
    await hotStreamRounds(report, withTempPostgresStore, { store: 'postgres', notes: 'synchronous_commit on' });
  } else {
    process.stderr.write(
      `  command-handling: hot-stream cases on PostgreSQL skipped (${BENCH_DATABASE_URL} unreachable)\n`,
    );
  }
}

/**
 * Rounds of the three modes in turn, each run on a fresh store, so they share the machine's state;
 * each round starts with the next mode, so none always runs first.
 */
const HOT_STREAM_ROUNDS = 3;
const HOT_STREAM_MODES: readonly HotStreamMode[] = ['one commit per command', 'pipeline', 'raw append'];

type WithStore = (use: (store: EventStore) => Promise<void>) => Promise<void>;

async function hotStreamRounds(
  report: BenchReport,
  withStore: WithStore,
  options: Omit<HotStreamCase, 'streams'>,
): Promise<void> {
  for (const streams of [1, 20]) {
    for (let round = 1; round <= HOT_STREAM_ROUNDS; round++) {
      const runs: HotStreamRun[] = [];
      for (let index = 0; index < HOT_STREAM_MODES.length; index++) {
        const mode = HOT_STREAM_MODES[(round - 1 + index) % HOT_STREAM_MODES.length];
        await withStore(async (store) => {
          runs.push(
            await runHotStream(report, store, new StreamStateCache<ClientState>(), mode, { ...options, streams }),
          );
        });
      }
      recordHotStreamRound(report, runs, { ...options, streams, round });
    }
  }
}

const withTempPostgresStore: WithStore = (use) =>
  withTempSchema(async (schema) => {
    const store = await PostgresEventStore.open({ connectionString: BENCH_DATABASE_URL, schema });
    try {
      await use(store);
    } finally {
      await store.close();
    }
  });

async function postgresReachable(): Promise<boolean> {
  const client = new Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
