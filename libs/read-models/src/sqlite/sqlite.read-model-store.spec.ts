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
});
