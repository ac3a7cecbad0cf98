import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openEventStore, SqliteEventStore, type EventStore } from '@crm/event-store';

/**
 * A fresh, durable (synchronous=FULL) SQLite store in its own temp directory, removed afterwards.
 * Benches measure what production gets, so no relaxed durability here.
 */
export async function withTempSqliteStore<T>(use: (store: SqliteEventStore, path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const path = join(dir, 'events.db');
  const store = SqliteEventStore.open(path, { synchronous: 'FULL' });
  try {
    return await use(store, path);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same durable SQLite store behind the crypto-shredding layer the apps run with
 * (EncryptingEventStore: per-client AES-256-GCM data keys in the same file).
 */
export async function withTempEncryptedSqliteStore<T>(use: (store: EventStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const store = await openEventStore({
    kind: 'sqlite',
    path: join(dir, 'events.db'),
    durable: true,
    dataKeys: { master: { secret: 'bench-only-master-key-0123456789abcdef' } },
  });
  try {
    return await use(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench build leaves libs/testing out, so the test database default is repeated here. */
export const BENCH_DATABASE_URL =
  process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `use` with a fresh PostgreSQL schema name and drops that schema, with all in it, afterwards. */
export async function withTempSchema<T>(use: (schema: string) => Promise<T>): Promise<T> {
  const schema = `crm_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    return await use(schema);
  } finally {
    const client = new Client({ connectionString: BENCH_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  }
}
