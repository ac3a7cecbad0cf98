import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite, sqlitePragmas } from './sqlite-connection';

const value = (db: Database.Database, pragma: string): unknown => db.pragma(pragma, { simple: true });

describe('openSqlite', () => {
  let dir: string;
  const opened: Database.Database[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-sql-'));
  });

  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (...args: Parameters<typeof openSqlite>): Database.Database => {
    const db = openSqlite(...args);
    opened.push(db);
    return db;
  };

  it('puts a file in WAL mode with a 5 s busy timeout and SQLite’s synchronous default', () => {
    const db = open(join(dir, 'plain.sqlite'));
    expect(value(db, 'journal_mode')).toBe('wal');
    expect(value(db, 'busy_timeout')).toBe(5000);
    expect(value(db, 'synchronous')).toBe(2);
    expect(value(db, 'secure_delete')).toBe(0);
  });

  it('sets what a durable store of personal data asks for', () => {
    const db = open(join(dir, 'durable.sqlite'), {
      synchronous: 'FULL',
      secureDelete: true,
      busyTimeoutMs: 250,
      cacheSizeKiB: 1024,
    });
    expect(value(db, 'synchronous')).toBe(2);
    expect(value(db, 'secure_delete')).toBe(1);
    expect(value(db, 'busy_timeout')).toBe(250);
    expect(value(db, 'cache_size')).toBe(-1024);
  });

  it('sets the read models’ tuning, the page size before WAL fixes it', () => {
    const db = open(join(dir, 'tuned.sqlite'), {
      synchronous: 'NORMAL',
      pageSize: 16384,
      tempStoreInMemory: true,
      walAutocheckpointPages: 4096,
      journalSizeLimitBytes: 67108864,
    });
    db.exec('CREATE TABLE t (x)');
    expect(value(db, 'page_size')).toBe(16384);
    expect(value(db, 'synchronous')).toBe(1);
    expect(value(db, 'temp_store')).toBe(2);
    expect(value(db, 'wal_autocheckpoint')).toBe(4096);
    expect(value(db, 'journal_size_limit')).toBe(67108864);
  });

  it('keeps the journal mode of a file when asked not to switch it', () => {
    const path = join(dir, 'rollback.sqlite');
    open(path, { wal: false }).exec('CREATE TABLE t (x)');
    expect(value(open(path, { wal: false }), 'journal_mode')).toBe('delete');
    open(path).close();
    expect(value(open(path, { wal: false }), 'journal_mode')).toBe('wal');
  });

  it('creates the file’s folder when asked to', () => {
    const db = open(join(dir, 'a', 'b', 'nested.sqlite'), { createFolder: true });
    db.exec('CREATE TABLE t (x)');
    expect(() => open(join(dir, 'missing', 'nested.sqlite'))).toThrow();
    expect(value(open(':memory:', { createFolder: true }), 'journal_mode')).toBe('memory');
  });

  it('fails, leaving nothing open, on a file that is not a database', () => {
    const path = join(dir, 'garbage.sqlite');
    writeFileSync(path, Buffer.alloc(4096, 7));
    expect(() => openSqlite(path)).toThrow(/not a database/);
  });

  it('splices only integers into pragmas, in range', () => {
    expect(sqlitePragmas({ busyTimeoutMs: -3.7, cacheSizeKiB: 0.5, synchronous: 'OFF', wal: false })).toEqual([
      'busy_timeout = 0',
      'synchronous = OFF',
      'cache_size = -1',
    ]);
  });
});
