import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  clientListContract,
  riskCaseListContract,
  agendaContract,
  complaintListContract,
  satisfactionContract,
  feedbackQueueContract,
  projectionRebuildContract,
  readModelStoreContract,
  type ReadModelDump,
  type ReadModelStoreFactory,
} from '@crm/testing';
import { SqliteReadModelStore } from './sqlite.read-model-store';

/** Table names of the live generation: generation 1 unsuffixed, later ones `_g<n>`. */
const suffix = (db: Database.Database): string => {
  const row = db
    .prepare("SELECT live_generation FROM projection_generations WHERE projection = 'client-view'")
    .get() as { live_generation: number };
  return row.live_generation === 1 ? '' : `_g${row.live_generation}`;
};

const dump = (file: string): ReadModelDump => {
  const db = new Database(file, { readonly: true });
  try {
    const g = suffix(db);
    return {
      views: db.prepare(`SELECT * FROM client_view${g} ORDER BY client_id`).all(),
      timeline: db.prepare(`SELECT * FROM client_timeline${g} ORDER BY client_id, revision`).all(),
      managers: db.prepare(`SELECT * FROM managers${g} ORDER BY manager_id`).all(),
      checkpoints: db.prepare('SELECT * FROM projection_checkpoints ORDER BY name').all(),
    };
  } finally {
    db.close();
  }
};

const tables = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
  } finally {
    db.close();
  }
};

/** 1 when the table's rows live in its key's b-tree (WITHOUT ROWID), 0 for a rowid table. */
const withoutRowid = (db: Database.Database, table = 'client_search_terms'): number =>
  (db.prepare(`PRAGMA table_list('${table}')`).get() as { wr: number }).wr;

const appliedMigrations = (db: Database.Database): number[] =>
  db
    .prepare('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => (row as { version: number }).version);

/** Runs `work` with a fresh temporary folder, removed afterwards whatever happens. */
const inTempDir = async (prefix: string, work: (dir: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

let dir: string | null = null;
let files = 0;

const factory: ReadModelStoreFactory = {
  concurrentWriters: false,
  create: async () => {
    dir ??= mkdtempSync(join(tmpdir(), 'crm-read-models-'));
    files += 1;
    const file = join(dir, `read-models-${files}.sqlite`);
    return {
      open: async (options) => SqliteReadModelStore.open(file, options),
      dump: async () => dump(file),
      tables: async () => tables(file),
    };
  },
  dispose: async () => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  },
};

readModelStoreContract('SQLite', factory);
clientListContract('SQLite', factory);
riskCaseListContract('SQLite', factory);
agendaContract('SQLite', factory);
complaintListContract('SQLite', factory);
satisfactionContract('SQLite', factory);
feedbackQueueContract('SQLite', factory);
projectionRebuildContract('SQLite', factory);

describe('SqliteReadModelStore', () => {
  it('refuses to open a database it cannot migrate', async () => {
    const store = SqliteReadModelStore.open(':memory:');
    await expect(store.checkpoint('client-view')).resolves.toBe(0n);
    await store.close();

    const dir = mkdtempSync(join(tmpdir(), 'crm-read-models-bad-'));
    try {
      const file = join(dir, 'taken.sqlite');
      const other = new Database(file);
      other.exec('CREATE TABLE client_view (x)');
      other.close();
      expect(() => SqliteReadModelStore.open(file)).toThrow(/already exists/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("moves a database's blind-index rows into the key's b-tree (migration 16), every row kept", async () => {
    await inTempDir('crm-read-models-v16-', async (dir) => {
      const file = join(dir, 'rm.sqlite');
      await SqliteReadModelStore.open(file).close();
      // The table as migration 15 left it, with rows, and the ledger at 15.
      const db = new Database(file);
      db.exec(`DROP TABLE client_search_terms;
        CREATE TABLE client_search_terms (key_version INTEGER NOT NULL, term TEXT NOT NULL, client_id TEXT NOT NULL,
          PRIMARY KEY (key_version, term, client_id));
        CREATE INDEX client_search_terms_by_client ON client_search_terms (client_id);
        DROP INDEX client_view_by_client_id_for_search;
        DELETE FROM schema_migrations WHERE version >= 16;`);
      const insert = db.prepare('INSERT INTO client_search_terms VALUES (?, ?, ?)');
      const rows = [
        { key_version: 1, term: 'term-b', client_id: 'C-2' },
        { key_version: 1, term: 'term-a', client_id: 'C-1' },
        { key_version: 2, term: 'term-a', client_id: 'C-1' },
      ];
      for (const row of rows) insert.run(row.key_version, row.term, row.client_id);
      expect(withoutRowid(db)).toBe(0);
      db.close();

      await SqliteReadModelStore.open(file).close();

      const after = new Database(file, { readonly: true });
      try {
        expect(withoutRowid(after)).toBe(1);
        expect(after.prepare('SELECT * FROM client_search_terms ORDER BY key_version, term, client_id').all()).toEqual([
          rows[1],
          rows[0],
          rows[2],
        ]);
        expect(appliedMigrations(after)).toContain(16);
        expect(
          after
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'client_search_terms'")
            .all(),
        ).toEqual([{ name: 'client_search_terms_by_client' }]);
      } finally {
        after.close();
      }
    });
  });

  it("keeps each client's timeline together in the key's b-tree (migration 17), every row kept", async () => {
    await inTempDir('crm-read-models-v17-', async (dir) => {
      const file = join(dir, 'rm.sqlite');
      await SqliteReadModelStore.open(file).close();
      // The table as migration 1 made it, with rows written in log order, and the ledger at 16.
      const db = new Database(file);
      db.exec(`DROP TABLE client_timeline;
        CREATE TABLE client_timeline (client_id TEXT NOT NULL, revision INTEGER NOT NULL, position INTEGER NOT NULL,
          type TEXT NOT NULL, occurred_at TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (client_id, revision));
        DROP INDEX client_view_by_client_id_for_search;
        DELETE FROM schema_migrations WHERE version >= 17;`);
      const insert = db.prepare('INSERT INTO client_timeline VALUES (?, ?, ?, ?, ?, ?)');
      const rows = [
        { client_id: 'C-2', revision: 0, position: 1, type: 'ProspectRegistered', occurred_at: 't1', doc: '{"a":1}' },
        { client_id: 'C-1', revision: 0, position: 2, type: 'ProspectRegistered', occurred_at: 't2', doc: '{"a":2}' },
        { client_id: 'C-2', revision: 1, position: 3, type: 'ContactLogged', occurred_at: 't3', doc: '{"a":3}' },
      ];
      for (const row of rows) insert.run(Object.values(row));
      expect(withoutRowid(db, 'client_timeline')).toBe(0);
      db.close();

      const store = SqliteReadModelStore.open(file);
      const page = await store.clientViews.getTimeline('C-2', { limit: 10 });
      await store.close();

      expect(page.entries.map((entry) => entry.revision)).toEqual([1, 0]);
      const after = new Database(file, { readonly: true });
      try {
        expect(withoutRowid(after, 'client_timeline')).toBe(1);
        expect(after.prepare('SELECT * FROM client_timeline ORDER BY position').all()).toEqual(rows);
        expect(appliedMigrations(after)).toContain(17);
        expect(
          after
            .prepare(
              "EXPLAIN QUERY PLAN SELECT doc FROM client_timeline WHERE client_id = 'C-2' ORDER BY revision DESC",
            )
            .all(),
        ).toEqual([expect.objectContaining({ detail: expect.stringContaining('USING PRIMARY KEY') })]);
      } finally {
        after.close();
      }
    });
  });

  it("indexes the columns a search shows of a database's existing views (migration 18)", async () => {
    await inTempDir('crm-read-models-v18-', async (dir) => {
      const file = join(dir, 'rm.sqlite');
      await SqliteReadModelStore.open(file).close();
      // A view written before the index, and the ledger at 17.
      const db = new Database(file);
      db.exec(`DROP INDEX client_view_by_client_id_for_search;
        DELETE FROM schema_migrations WHERE version >= 18;
        INSERT INTO client_view (client_id, branch_id, status, doc, revision, position, updated_at, legal_name, last_contact_at)
          VALUES ('C-1', 'BR-1', 'active', '{}', 3, 7, 't', 'token-of-the-name', '2026-12-01T09:00:00.000Z');`);
      db.close();

      await SqliteReadModelStore.open(file).close();

      const after = new Database(file, { readonly: true });
      try {
        expect(appliedMigrations(after)).toContain(18);
        expect(
          after
            .prepare(
              "SELECT legal_name, last_contact_at FROM client_view INDEXED BY client_view_by_client_id_for_search WHERE client_id = 'C-1'",
            )
            .get(),
        ).toEqual({ legal_name: 'token-of-the-name', last_contact_at: '2026-12-01T09:00:00.000Z' });
      } finally {
        after.close();
      }
    });
  });
});
