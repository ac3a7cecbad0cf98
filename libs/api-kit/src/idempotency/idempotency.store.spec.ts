import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import type { IdempotencyStore } from './idempotency.store';
import {
  IDEMPOTENCY_ABANDONED_AFTER_MS,
  IDEMPOTENCY_PURGE_EVERY_MS,
  IDEMPOTENCY_RETENTION_MS,
} from './idempotency.store';
import { PostgresIdempotencyStore } from './postgres.idempotency.store';
import { idempotencyPathBeside, SqliteIdempotencyStore } from './sqlite.idempotency.store';

type Factory = () => Promise<{ store: IdempotencyStore; teardown: () => Promise<void> }>;

const behaviour = (factory: Factory) => {
  let store: IdempotencyStore;
  let teardown: () => Promise<void>;
  const now = new Date('2026-03-01T10:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  beforeEach(async () => ({ store, teardown } = await factory()));
  afterEach(async () => teardown());

  it('claims a new key, then replays the stored answer for the same request', async () => {
    expect(await store.claim('u POST /x', 'k1', 'h1', now)).toEqual({ outcome: 'claimed' });
    await store.complete('u POST /x', 'k1', { status: 201, body: { id: 'a', revision: 0 } }, now);
    expect(await store.claim('u POST /x', 'k1', 'h1', later(1000))).toEqual({
      outcome: 'replay',
      response: { status: 201, body: { id: 'a', revision: 0 } },
    });
  });

  it('refuses the same key with another request, and tells a concurrent duplicate to wait', async () => {
    await store.claim('u POST /x', 'k2', 'h1', now);
    expect(await store.claim('u POST /x', 'k2', 'h2', now)).toEqual({ outcome: 'mismatch' });
    expect(await store.claim('u POST /x', 'k2', 'h1', later(10))).toEqual({ outcome: 'in_progress' });
  });

  it('lets exactly one of many concurrent requests claim a key', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claim('u POST /x', 'k3', 'h1', now)));
    expect(claims.filter((claim) => claim.outcome === 'claimed')).toHaveLength(1);
  });

  it('frees a released key and takes over an abandoned claim', async () => {
    await store.claim('u POST /x', 'k4', 'h1', now);
    await store.release('u POST /x', 'k4');
    expect(await store.claim('u POST /x', 'k4', 'h1', now)).toEqual({ outcome: 'claimed' });
    expect(await store.claim('u POST /x', 'k4', 'h1', later(IDEMPOTENCY_ABANDONED_AFTER_MS + 1))).toEqual({
      outcome: 'claimed',
    });
  });

  it('answers many claims of one turn each as its own: new, asked twice, answered before, another request', async () => {
    await store.claim('u POST /y', 'done', 'h1', now);
    await store.complete('u POST /y', 'done', { status: 201, body: { id: 'd' } }, now);
    await store.claim('u POST /y', 'other', 'h1', now);
    const claims = await Promise.all([
      store.claim('u POST /y', 'new-1', 'h1', now),
      store.claim('u POST /y', 'twice', 'h1', now),
      store.claim('u POST /y', 'twice', 'h1', now),
      store.claim('u POST /y', 'done', 'h1', later(10)),
      store.claim('u POST /y', 'other', 'h2', later(10)),
      store.claim('v POST /y', 'new-1', 'h1', now),
    ]);
    expect(claims).toEqual([
      { outcome: 'claimed' },
      { outcome: 'claimed' },
      { outcome: 'in_progress' },
      { outcome: 'replay', response: { status: 201, body: { id: 'd' } } },
      { outcome: 'mismatch' },
      { outcome: 'claimed' },
    ]);
    await Promise.all(
      ['new-1', 'twice'].map((key) => store.complete('u POST /y', key, { status: 201, body: { id: key } }, now)),
    );
    expect(await store.claim('u POST /y', 'twice', 'h1', later(20))).toEqual({
      outcome: 'replay',
      response: { status: 201, body: { id: 'twice' } },
    });
  });

  it('keeps keys of different scopes apart', async () => {
    await store.claim('alice POST /x', 'k5', 'h1', now);
    expect(await store.claim('bob POST /x', 'k5', 'h2', now)).toEqual({ outcome: 'claimed' });
  });

  it('forgets an answer past its retention, keeping younger ones', async () => {
    await store.claim('u POST /x', 'old', 'h1', now);
    await store.complete('u POST /x', 'old', { status: 201, body: { id: 'old' } }, now);
    const youngAt = later(2 * IDEMPOTENCY_PURGE_EVERY_MS);
    await store.claim('u POST /x', 'young', 'h1', youngAt);
    await store.complete('u POST /x', 'young', { status: 201, body: { id: 'young' } }, youngAt);
    const dayAfter = later(IDEMPOTENCY_RETENTION_MS + IDEMPOTENCY_PURGE_EVERY_MS + 1);
    expect(await store.claim('u POST /x', 'old', 'h2', dayAfter)).toEqual({ outcome: 'claimed' });
    expect(await store.claim('u POST /x', 'young', 'h1', dayAfter)).toEqual({
      outcome: 'replay',
      response: { status: 201, body: { id: 'young' } },
    });
  });
};

describe('SqliteIdempotencyStore', () => {
  behaviour(async () => {
    const dir = scratchDir('idempotency');
    const store = new SqliteIdempotencyStore(join(dir.path, 'nested', 'crm.sqlite'));
    return { store, teardown: async () => (await store.close(), dir.cleanup()) };
  });

  it('moves the answers an older version kept in the event store file into its own file, once', async () => {
    const dir = scratchDir('idempotency-move');
    try {
      const storePath = join(dir.path, 'crm.sqlite');
      const now = new Date('2026-03-01T10:00:00Z');
      const older = new SqliteIdempotencyStore(storePath);
      await older.claim('u POST /x', 'k1', 'h1', now);
      await older.complete('u POST /x', 'k1', { status: 201, body: { id: 'a' } }, now);
      await older.close();

      const ownPath = idempotencyPathBeside(storePath);
      expect(ownPath).toBe(join(dir.path, 'crm.idempotency.sqlite'));
      const store = new SqliteIdempotencyStore(ownPath, storePath);
      expect(await store.claim('u POST /x', 'k1', 'h1', now)).toEqual({
        outcome: 'replay',
        response: { status: 201, body: { id: 'a' } },
      });
      await store.close();

      const eventStoreFile = new Database(storePath, { readonly: true });
      const left = eventStoreFile.prepare("SELECT name FROM sqlite_master WHERE name = 'idempotency_keys'").all();
      eventStoreFile.close();
      expect(left).toEqual([]);
      const again = new SqliteIdempotencyStore(ownPath, storePath);
      expect(await again.claim('u POST /x', 'k1', 'h1', now)).toMatchObject({ outcome: 'replay' });
      await again.close();
    } finally {
      dir.cleanup();
    }
  });
});

describe('SqliteIdempotencyStore, writes asked for in one turn', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  let dir: ReturnType<typeof scratchDir>;
  let path: string;
  let store: SqliteIdempotencyStore;

  beforeEach(() => {
    dir = scratchDir('idempotency-group');
    path = join(dir.path, 'crm.idempotency.sqlite');
    store = new SqliteIdempotencyStore(path);
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('commits them together: 200 claims and answers add a few pages to the log, not one commit each', async () => {
    const walBefore = statSync(`${path}-wal`).size;
    const keys = Array.from({ length: 200 }, (_, n) => `k${n}`);
    expect(
      new Set((await Promise.all(keys.map((key) => store.claim('u POST /x', key, 'h', now)))).map((c) => c.outcome)),
    ).toEqual(new Set(['claimed']));
    await Promise.all(keys.map((key) => store.complete('u POST /x', key, { status: 201, body: { id: key } }, now)));
    // A commit appends at least one 4 KiB page to the write-ahead log: 400 commits would add 1.6 MB.
    expect(statSync(`${path}-wal`).size - walBefore).toBeLessThan(100 * 1024);
    expect(await store.claim('u POST /x', 'k199', 'h', now)).toEqual({
      outcome: 'replay',
      response: { status: 201, body: { id: 'k199' } },
    });
  });

  it('fails only the write that throws, and commits the others of its turn', async () => {
    const other = new Database(path);
    other
      .prepare(
        'INSERT INTO idempotency_keys (scope, key, request_hash, status, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run('u POST /x', 'broken', 'h', 201, '{not json', now.getTime());
    other.close();
    const [broken, fresh] = await Promise.allSettled([
      store.claim('u POST /x', 'broken', 'h', now),
      store.claim('u POST /x', 'fresh', 'h', now),
    ]);
    expect(broken.status).toBe('rejected');
    expect(fresh).toEqual({ status: 'fulfilled', value: { outcome: 'claimed' } });
    expect(await store.claim('u POST /x', 'fresh', 'h', now)).toEqual({ outcome: 'in_progress' });
  });

  it('commits what is waiting when closed', async () => {
    const claimed = store.claim('u POST /x', 'last', 'h', now);
    await store.close();
    expect(await claimed).toEqual({ outcome: 'claimed' });
    store = new SqliteIdempotencyStore(path);
    expect(await store.claim('u POST /x', 'last', 'h', now)).toEqual({ outcome: 'in_progress' });
  });
});

describeWithPostgres('PostgresIdempotencyStore', () => {
  behaviour(async () => {
    const { schema, drop } = await createTestSchema('idem_test');
    const store = await PostgresIdempotencyStore.open({ connectionString: POSTGRES_TEST_URL, schema });
    return { store, teardown: async () => (await store.close(), await drop()) };
  });

  it('sends the claims and answers waiting when closed', async () => {
    const { schema, drop } = await createTestSchema('idem_close');
    const now = new Date('2026-03-01T10:00:00Z');
    try {
      const store = await PostgresIdempotencyStore.open({ connectionString: POSTGRES_TEST_URL, schema });
      const claimed = store.claim('u POST /x', 'last', 'h', now);
      await store.close();
      expect(await claimed).toEqual({ outcome: 'claimed' });
      const again = await PostgresIdempotencyStore.open({ connectionString: POSTGRES_TEST_URL, schema });
      expect(await again.claim('u POST /x', 'last', 'h', now)).toEqual({ outcome: 'in_progress' });
      await again.close();
    } finally {
      await drop();
    }
  });
});
