import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import type { AccessLogEntry } from './access-log';
import type { AuditStore } from './audit.store';
import { PostgresAuditStore } from './postgres.audit.store';
import { SqliteAuditStore } from './sqlite.audit.store';

type Factory = () => Promise<{
  store: AuditStore;
  /** Runs raw SQL against the same table, as an intruder with the app's credentials would. */
  raw: (sql: string) => Promise<void>;
  teardown: () => Promise<void>;
}>;

const CLIENT = '0190a4c2-000a-7000-8000-000000000001';
const OTHER = '0190a4c2-000a-7000-8000-000000000002';
let n = 0;
const id = () => `0190a4c2-0000-7000-8000-${(++n).toString(16).padStart(12, '0')}`;
const entry = (at: number, clientId = CLIENT, purpose: string | null = null): AccessLogEntry => ({
  id: id(),
  at,
  userId: 'u-1',
  role: 'relationship_manager',
  clientId,
  route: '/v1/clients/:id',
  purpose,
});
const T = Date.parse('2026-03-01T10:00:00.000Z');

const behaviour = (factory: Factory) => {
  let store: AuditStore;
  let raw: (sql: string) => Promise<void>;
  let teardown: () => Promise<void>;
  beforeEach(async () => ({ store, raw, teardown } = await factory()));
  afterEach(async () => teardown());

  it("reads a client's entries newest first, with every field as written", async () => {
    const older = entry(T, CLIENT, 'KYC review #42');
    const newer = entry(T + 1000);
    await store.append([older, entry(T + 500, OTHER), newer]);
    const page = await store.readByClient(CLIENT, { limit: 10 });
    expect(page.entries).toEqual([newer, older]);
    expect(page.next).toBeNull();
  });

  it('pages with a cursor, ties on the same millisecond broken by id, each entry exactly once', async () => {
    const all = [entry(T), entry(T), entry(T), entry(T + 1), entry(T + 1), entry(T + 2), entry(T - 5)];
    await store.append(all);
    const seen: AccessLogEntry[] = [];
    let page = await store.readByClient(CLIENT, { limit: 3 });
    seen.push(...page.entries);
    while (page.next !== null) {
      page = await store.readByClient(CLIENT, { limit: 3, before: page.next });
      seen.push(...page.entries);
    }
    const expected = [...all].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
    expect(seen).toEqual(expected);
  });

  it('skips an entry whose id is already stored, so a retried batch writes nothing twice', async () => {
    const batch = [entry(T), entry(T + 1)];
    await store.append(batch);
    await store.append([...batch, entry(T + 2)]);
    expect((await store.readByClient(CLIENT, { limit: 10 })).entries).toHaveLength(3);
  });

  it('writes a large batch in one go', async () => {
    await store.append(Array.from({ length: 5_000 }, (_, i) => entry(T + i)));
    const page = await store.readByClient(CLIENT, { limit: 200 });
    expect(page.entries).toHaveLength(200);
    expect(page.entries[0].at).toBe(T + 4_999);
  });

  it('refuses UPDATE and DELETE on the table, whoever runs them', async () => {
    await store.append([entry(T)]);
    // By message: better-sqlite3's native side keeps the SqliteError class of the first jest
    // sandbox that loaded it in this worker, so `instanceof Error` (and `toThrow`) may not see it.
    const failure = (sql: string) =>
      raw(sql).then(
        () => 'no error',
        (error: unknown) => String((error as { message?: unknown }).message),
      );
    expect(await failure("UPDATE access_log SET purpose = 'forged'")).toMatch(/append-only/);
    expect(await failure('DELETE FROM access_log')).toMatch(/append-only/);
    expect((await store.readByClient(CLIENT, { limit: 10 })).entries).toHaveLength(1);
  });
};

describe('SqliteAuditStore', () => {
  behaviour(async () => {
    const dir = scratchDir('audit-store');
    const path = join(dir.path, 'nested', 'crm.audit.sqlite');
    const store = new SqliteAuditStore(path);
    const raw = async (sql: string) => {
      const db = new Database(path);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    };
    return { store, raw, teardown: async () => (await store.close(), dir.cleanup()) };
  });
});

describeWithPostgres('PostgresAuditStore', () => {
  behaviour(async () => {
    const { schema, drop } = await createTestSchema('audit_test');
    const store = await PostgresAuditStore.open({ connectionString: POSTGRES_TEST_URL, schema });
    const raw = async (sql: string) => {
      const client = new Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      try {
        await client.query(`SET search_path TO "${schema}"`);
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    return { store, raw, teardown: async () => (await store.close(), await drop()) };
  });

  it('refuses TRUNCATE too, and opens an existing log again (two processes starting together)', async () => {
    const { schema, drop } = await createTestSchema('audit_test');
    try {
      const [a, b] = await Promise.all([
        PostgresAuditStore.open({ connectionString: POSTGRES_TEST_URL, schema }),
        PostgresAuditStore.open({ connectionString: POSTGRES_TEST_URL, schema }),
      ]);
      await a.append([entry(T)]);
      expect((await b.readByClient(CLIENT, { limit: 5 })).entries).toHaveLength(1);
      await Promise.all([a.close(), b.close()]);
      const client = new Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      try {
        await expect(client.query(`TRUNCATE "${schema}".access_log`)).rejects.toThrow(/append-only/);
      } finally {
        await client.end();
      }
    } finally {
      await drop();
    }
  });
});
