import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { clientListContract, readModelStoreContract, type ReadModelDump, type ReadModelStoreFactory } from '@crm/testing';
import { SqliteReadModelStore } from './sqlite.read-model-store';

const dump = (file: string): ReadModelDump => {
  const db = new Database(file, { readonly: true });
  try {
    return {
      views: db.prepare('SELECT * FROM client_view ORDER BY client_id').all(),
      timeline: db.prepare('SELECT * FROM client_timeline ORDER BY client_id, revision').all(),
      managers: db.prepare('SELECT * FROM managers ORDER BY manager_id').all(),
      checkpoints: db.prepare('SELECT * FROM projection_checkpoints ORDER BY name').all(),
    };
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
    return { open: async () => SqliteReadModelStore.open(file), dump: async () => dump(file) };
  },
  dispose: async () => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  },
};

readModelStoreContract('SQLite', factory);
clientListContract('SQLite', factory);

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
