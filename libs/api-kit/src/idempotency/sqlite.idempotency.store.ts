import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { openSqlite } from '@crm/sql';
import {
  IDEMPOTENCY_ABANDONED_AFTER_MS,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyClaim,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency.store';

type Row = { request_hash: string; status: number | null; body: string | null; updated_at: number };

export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string, string], Row>;
  private readonly insert: Database.Statement<[string, string, string, number]>;
  private readonly insertIfNew: Database.Statement<[string, string, string, number]>;
  private readonly takeOver: Database.Statement<[number, string, string]>;
  private readonly finish: Database.Statement<[number, string, number, string, string]>;
  private readonly remove: Database.Statement<[string, string]>;
  private readonly purge: Database.Statement<[number]>;
  private claims = 0;
  /** Wrapped once: better-sqlite3 builds a new function (and its begin/commit plumbing) per `transaction()`. */
  private readonly claimInTransaction: Database.Transaction<
    (scope: string, key: string, requestHash: string, now: Date) => IdempotencyClaim
  >;

  /**
   * `path` is a file of its own beside the event store's (see `idempotencyPathBeside`); answers an
   * older version kept in the event store's file (`movedFrom`) are moved over once.
   */
  constructor(path: string, movedFrom?: string) {
    // Answers are ids and positions, and requests are kept only as a hash; what is freed is still
    // overwritten, as in the event store's file they came from. NORMAL: a commit is not fsynced
    // (it reaches the disk with the next WAL checkpoint), which is how these answers were always
    // written on the event store's file (decision 27); FULL would fsync twice per write request on
    // the event loop.
    this.db = openSqlite(path, { createFolder: true, secureDelete: true, synchronous: 'NORMAL' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
      status INTEGER, body TEXT, updated_at INTEGER NOT NULL,
      PRIMARY KEY (scope, key))`);
    this.select = this.db.prepare(
      'SELECT request_hash, status, body, updated_at FROM idempotency_keys WHERE scope = ? AND key = ?',
    );
    this.insert = this.db.prepare(
      'INSERT INTO idempotency_keys (scope, key, request_hash, updated_at) VALUES (?, ?, ?, ?)',
    );
    this.insertIfNew = this.db.prepare(
      'INSERT INTO idempotency_keys (scope, key, request_hash, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.takeOver = this.db.prepare('UPDATE idempotency_keys SET updated_at = ? WHERE scope = ? AND key = ?');
    this.finish = this.db.prepare(
      'UPDATE idempotency_keys SET status = ?, body = ?, updated_at = ? WHERE scope = ? AND key = ?',
    );
    this.remove = this.db.prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ?');
    this.purge = this.db.prepare('DELETE FROM idempotency_keys WHERE updated_at < ?');
    if (movedFrom !== undefined) this.moveFrom(movedFrom);
    this.claimInTransaction = this.db.transaction(
      (scope: string, key: string, requestHash: string, now: Date): IdempotencyClaim => {
        const row = this.select.get(scope, key);
        if (!row) {
          this.insert.run(scope, key, requestHash, now.getTime());
          return { outcome: 'claimed' };
        }
        if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
        if (row.status !== null) {
          return { outcome: 'replay', response: { status: row.status, body: JSON.parse(row.body ?? 'null') } };
        }
        if (now.getTime() - row.updated_at > IDEMPOTENCY_ABANDONED_AFTER_MS) {
          this.takeOver.run(now.getTime(), scope, key);
          return { outcome: 'claimed' };
        }
        return { outcome: 'in_progress' };
      },
    );
  }

  async claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    // Nearly every key is new: one statement claims it. A key seen before is read and judged in a
    // transaction (its row may also have been released in between, and is then claimed there).
    if (++this.claims % 1000 === 0) this.purge.run(now.getTime() - IDEMPOTENCY_RETENTION_MS);
    if (this.insertIfNew.run(scope, key, requestHash, now.getTime()).changes === 1) return { outcome: 'claimed' };
    return this.claimInTransaction.immediate(scope, key, requestHash, now);
  }

  async complete(scope: string, key: string, response: StoredResponse, now: Date): Promise<void> {
    this.finish.run(response.status, JSON.stringify(response.body), now.getTime(), scope, key);
  }

  async release(scope: string, key: string): Promise<void> {
    this.remove.run(scope, key);
  }

  /**
   * Copies the answers kept in `path` (the event store's file, before they had a file of their
   * own), then drops them there: two commits, so a crash in between leaves a copy that the next
   * start copies again (existing keys are kept), never a drop without the copy.
   */
  private moveFrom(path: string): void {
    if (!existsSync(path)) return;
    this.db.prepare('ATTACH DATABASE ? AS previous').run(path);
    try {
      const kept = this.db
        .prepare("SELECT 1 FROM previous.sqlite_master WHERE type = 'table' AND name = 'idempotency_keys'")
        .get();
      if (kept === undefined) return;
      this.db.exec(`BEGIN IMMEDIATE;
        INSERT OR IGNORE INTO main.idempotency_keys (scope, key, request_hash, status, body, updated_at)
          SELECT scope, key, request_hash, status, body, updated_at FROM previous.idempotency_keys;
        COMMIT;`);
      this.db.exec('DROP TABLE previous.idempotency_keys');
    } finally {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.db.exec('DETACH DATABASE previous');
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** The answers' own file beside the event store's: `./data/crm.sqlite` → `./data/crm.idempotency.sqlite`. */
export const idempotencyPathBeside = (eventStorePath: string): string =>
  eventStorePath.replace(/(\.sqlite)?$/, '.idempotency.sqlite');
