import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import type { AccessLogEntry } from './access-log';
import type { AuditStore } from './audit.store';
import { PostgresAuditStore } from './postgres.audit.store';
import { SqliteAuditStore } from './sqlite.audit.store';
import { keyOf } from './sqlite-access-log.schema';

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

  let dir: ReturnType<typeof scratchDir>;
  let path: string;
  beforeEach(() => {
    dir = scratchDir('audit-store-sqlite');
    path = join(dir.path, 'crm.audit.sqlite');
  });
  afterEach(() => dir.cleanup());

  const withFile = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };

  it('keeps ids that are not lower-case UUIDs exactly as written, apart from those that are', async () => {
    const store = new SqliteAuditStore(path);
    const odd = ['CLIENT-7', '0190A4C2-000A-7000-8000-000000000001', '00123', '0190a4c2000a70008000000000000001'];
    const entries = odd.map((clientId, i) => ({ ...entry(T + i, clientId), id: `${clientId}#${i}` }));
    await store.append([...entries, entry(T)]);
    for (const written of entries) {
      expect((await store.readByClient(written.clientId, { limit: 5 })).entries).toEqual([written]);
    }
    expect((await store.readByClient(CLIENT, { limit: 5 })).entries).toHaveLength(1);
    await store.close();
    expect(withFile((db) => db.prepare('SELECT count(*) FROM access_log').pluck().get())).toBe(5);
    const stored = withFile((db) =>
      db.prepare("SELECT typeof(client_key) || '/' || typeof(entry_key) FROM access_read").pluck().all(),
    );
    expect(stored.sort()).toEqual(['blob/blob', 'text/text', 'text/text', 'text/text', 'text/text']);
  });

  it('refuses UPDATE and DELETE on the tables under the view too', async () => {
    const store = new SqliteAuditStore(path);
    await store.append([entry(T)]);
    await store.close();
    for (const sql of [
      'DELETE FROM access_read',
      'UPDATE access_read SET at = 0',
      'DELETE FROM access_reader',
      "UPDATE access_reader SET purpose = 'forged'",
    ]) {
      expect(() => withFile((db) => db.exec(sql))).toThrow(/append-only/);
    }
  });

  it("reads a client's page from its key's range, not by scanning", async () => {
    await new SqliteAuditStore(path).close();
    const plan = withFile((db) =>
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT a.at FROM access_read a JOIN access_reader r ON r.id = a.reader
             WHERE a.client_key = ${keyOf('@client')} AND (a.at, a.entry_key) < (@at, ${keyOf('@id')})
             ORDER BY a.at DESC, a.entry_key DESC LIMIT 3`,
        )
        .all({ client: CLIENT, at: T, id: id() })
        .map((row) => (row as { detail: string }).detail),
    );
    expect(plan[0]).toMatch(/^SEARCH a USING PRIMARY KEY \(client_key=\? AND /);
    expect(plan.join('\n')).not.toMatch(/SCAN|TEMP B-TREE/);
  });

  it("moves a file's one-table log into the new tables when it opens it, every field and order kept", async () => {
    const written = [
      entry(T, CLIENT, 'KYC review #42'),
      entry(T + 1),
      entry(T + 1, OTHER),
      { ...entry(T + 2), userId: 'u-2' },
    ];
    withFile((db) => {
      db.exec(`CREATE TABLE access_log (id TEXT PRIMARY KEY, at INTEGER NOT NULL, user_id TEXT NOT NULL,
                 role TEXT NOT NULL, client_id TEXT NOT NULL, route TEXT NOT NULL, purpose TEXT);
               CREATE INDEX access_log_client_at ON access_log (client_id, at, id);
               CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
                 BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;`);
      const insert = db.prepare('INSERT INTO access_log VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const e of written) insert.run(e.id, e.at, e.userId, e.role, e.clientId, e.route, e.purpose);
    });
    const store = new SqliteAuditStore(path);
    expect(store.moved).toBe(4);
    const newest = entry(T + 3);
    await store.append([newest]);
    expect((await store.readByClient(CLIENT, { limit: 10 })).entries).toEqual([
      newest,
      written[3],
      written[1],
      written[0],
    ]);
    expect((await store.readByClient(OTHER, { limit: 10 })).entries).toEqual([written[2]]);
    await store.close();
    const reopened = new SqliteAuditStore(path);
    expect(reopened.moved).toBe(0);
    await reopened.close();
    expect(withFile((db) => db.prepare("SELECT type FROM sqlite_master WHERE name = 'access_log'").pluck().get())).toBe(
      'view',
    );
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
