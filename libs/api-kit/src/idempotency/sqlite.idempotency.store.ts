import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { openSqlite, TurnBatch, type Settlement } from '@crm/sql';
import {
  IDEMPOTENCY_ABANDONED_AFTER_MS,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyClaim,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency.store';
import { PurgeSchedule } from './purge-schedule';

type Row = { request_hash: string; status: number | null; body: string | null; updated_at: number };

/** One write waiting for its turn's commit: its statements, run inside that commit's transaction. */
type Write = () => unknown;

export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string, string], Row>;
  private readonly insert: Database.Statement<[string, string, string, number]>;
  private readonly insertIfNew: Database.Statement<[string, string, string, number]>;
  private readonly takeOver: Database.Statement<[number, string, string]>;
  private readonly finish: Database.Statement<[number, string, number, string, string]>;
  private readonly remove: Database.Statement<[string, string]>;
  private readonly purge: Database.Statement<[number]>;
  private readonly purges = new PurgeSchedule();
  /**
   * The writes asked for in one turn of the event loop share one transaction, as the event store's
   * appends do: a commit per write cost ~50 µs of the event loop each under a batch's load (16 % of
   * its CPU profile, claim and answer per line).
   */
  private readonly writes: TurnBatch<Write, unknown>;

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
    // Wrapped once: better-sqlite3 builds a new function (and its begin/commit plumbing) per
    // `transaction()`. A write that throws fails alone: each is at most one changing statement.
    const commitGroup = this.db.transaction((group: readonly Write[]) =>
      group.map((write): Settlement<unknown> => {
        try {
          return { value: write() };
        } catch (error) {
          return { error };
        }
      }),
    );
    this.writes = new TurnBatch((group) => commitGroup.immediate(group));
  }

  claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    return this.inGroup(() => {
      if (this.purges.due(now.getTime())) this.purge.run(now.getTime() - IDEMPOTENCY_RETENTION_MS);
      // Nearly every key is new: one statement claims it. A key seen before is read and judged.
      if (this.insertIfNew.run(scope, key, requestHash, now.getTime()).changes === 1) return { outcome: 'claimed' };
      return this.judge(scope, key, requestHash, now);
    });
  }

  complete(scope: string, key: string, response: StoredResponse, now: Date): Promise<void> {
    const body = JSON.stringify(response.body);
    return this.inGroup(() => void this.finish.run(response.status, body, now.getTime(), scope, key));
  }

  release(scope: string, key: string): Promise<void> {
    return this.inGroup(() => void this.remove.run(scope, key));
  }

  /** A claim on a key that has a row (in the same transaction as the insert that found it). */
  private judge(scope: string, key: string, requestHash: string, now: Date): IdempotencyClaim {
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
  }

  private inGroup<T>(write: () => T): Promise<T> {
    return this.writes.add(write) as Promise<T>;
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
    if (!this.db.open) return;
    await this.writes.drain();
    this.db.close();
  }
}

/** The answers' own file beside the event store's: `./data/crm.sqlite` → `./data/crm.idempotency.sqlite`. */
export const idempotencyPathBeside = (eventStorePath: string): string =>
  eventStorePath.replace(/(\.sqlite)?$/, '.idempotency.sqlite');
