import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { upsertOf, type TableDefinition } from '../sql/table-definition';
import { insertEachRow } from './sqlite.executor';
import { sameStoredValue } from './sqlite.narrowed-upsert';

const ACCOUNTS: TableDefinition = {
  name: 'accounts',
  columns: [
    { name: 'id', type: 'text' },
    { name: 'branch', type: 'text', notNull: true },
    { name: 'tier', type: 'text' },
    { name: 'score', type: 'integer' },
    { name: 'doc', type: 'json', notNull: true },
    { name: 'revision', type: 'integer', notNull: true },
  ],
  primaryKey: ['id'],
  indexes: [
    { suffix: 'by_branch', keys: ['branch', 'id'] },
    { suffix: 'by_tier', keys: ['tier', 'id'] },
    { suffix: 'by_score', keys: ['score', 'id'] },
  ],
};

type Row = { id: string; branch: string; tier: string | null; score: number | null; doc: string; revision: number };

describe('narrowed upserts on SQLite', () => {
  let dir: string;
  let db: Database.Database;
  const upsert = upsertOf(ACCOUNTS, 'accounts', 'excluded.revision >= cur.revision');
  const write = (rows: unknown[][]) => db.transaction(() => insertEachRow((sql) => db.prepare(sql), upsert, rows))();
  const read = (id: string) => db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Row;
  const indexed = (index: string) =>
    db.prepare(`SELECT id FROM accounts INDEXED BY ${index} ORDER BY ${index.slice('accounts_by_'.length)}, id`).all();
  /** WAL frames written since the last checkpoint reset the log. */
  const framesSinceReset = () => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'narrowed-upsert-'));
    db = new Database(join(dir, 'accounts.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(
      'CREATE TABLE accounts (id TEXT PRIMARY KEY, branch TEXT NOT NULL, tier TEXT, score INTEGER, doc TEXT NOT NULL, revision INTEGER NOT NULL)',
    );
    for (const index of ACCOUNTS.indexes) {
      db.exec(`CREATE INDEX accounts_${index.suffix} ON accounts (${index.keys.join(', ')})`);
    }
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given an upsert of a table with indexes, then its shape names the key, the set and the indexed columns', () => {
    expect(upsert.upsert).toEqual({
      key: ['id'],
      set: ['branch', 'tier', 'score', 'doc', 'revision'],
      indexed: ['branch', 'tier', 'score'],
      guard: 'excluded.revision >= cur.revision',
    });
  });

  it('given a new key, when upserted, then the row is inserted with every column', () => {
    write([['a-1', 'BR-1', 'core', 7, { n: 1 }, 1]]);

    expect(read('a-1')).toEqual({ id: 'a-1', branch: 'BR-1', tier: 'core', score: 7, doc: '{"n":1}', revision: 1 });
  });

  it('given a row, when only unindexed columns change, then every column holds the new row and the indexes still find it', () => {
    write([['a-1', 'BR-1', 'core', 7, { n: 1 }, 1]]);
    write([['a-1', 'BR-1', 'core', 7, { n: 2 }, 2]]);

    expect(read('a-1')).toEqual({ id: 'a-1', branch: 'BR-1', tier: 'core', score: 7, doc: '{"n":2}', revision: 2 });
    expect(db.prepare("SELECT id FROM accounts INDEXED BY accounts_by_tier WHERE tier = 'core'").all()).toEqual([
      { id: 'a-1' },
    ]);
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('given a row, when an indexed column changes, then the column and its index follow and the others keep their value', () => {
    write([
      ['a-1', 'BR-1', 'core', 7, { n: 1 }, 1],
      ['a-2', 'BR-1', 'core', 3, { n: 1 }, 1],
    ]);
    write([['a-1', 'BR-2', null, 1, { n: 2 }, 2]]);

    expect(read('a-1')).toEqual({ id: 'a-1', branch: 'BR-2', tier: null, score: 1, doc: '{"n":2}', revision: 2 });
    expect(indexed('accounts_by_branch')).toEqual([{ id: 'a-2' }, { id: 'a-1' }]);
    expect(indexed('accounts_by_score')).toEqual([{ id: 'a-1' }, { id: 'a-2' }]);
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('given a row, when an older revision is upserted, then the guard keeps the row as it was', () => {
    write([['a-1', 'BR-1', 'core', 7, { n: 5 }, 5]]);
    write([['a-1', 'BR-9', 'core', 7, { n: 4 }, 4]]);

    expect(read('a-1')).toEqual({ id: 'a-1', branch: 'BR-1', tier: 'core', score: 7, doc: '{"n":5}', revision: 5 });
  });

  it('given the same key twice in one write, then the second sees the first', () => {
    write([
      ['a-1', 'BR-1', 'core', 7, { n: 1 }, 1],
      ['a-1', 'BR-1', 'mass', 7, { n: 2 }, 2],
    ]);

    expect(read('a-1')).toMatchObject({ tier: 'mass', revision: 2 });
  });

  it('given many rows, when only their unindexed columns change, then the commit writes no index page', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [
      `a-${i}`,
      `BR-${i % 7}`,
      i % 2 ? 'core' : null,
      i,
      { n: 0 },
      1,
    ]);
    write(rows);
    db.pragma('wal_checkpoint(TRUNCATE)');

    // Rows 200 apart sit on different table pages; with the three indexes rewritten each would
    // dirty about four pages rather than one.
    write(
      Array.from({ length: 10 }, (_, k) => rows[k * 200].map((value, c) => (c === 4 ? { n: 1 } : c === 5 ? 2 : value))),
    );

    expect(framesSinceReset()).toBeLessThanOrEqual(10 + 2);
  });

  describe('sameStoredValue', () => {
    it.each([
      [null, null, true],
      [null, undefined, true],
      ['core', 'core', true],
      [7n, 7, true],
      [1.5, 1.5, true],
      [null, 'core', false],
      ['core', null, false],
      ['7', 7, false],
      [7n, '7', false],
      ['core', 'CORE', false],
      [7n, 8, false],
    ])('stored %p, proposed %p: %p', (stored, proposed, same) => {
      expect(sameStoredValue(stored, proposed)).toBe(same);
    });
  });
});
