import type Database from 'better-sqlite3';
import { openSqlite } from '@crm/sql';
import type { DataKeyStore, NewDataKey, StoredDataKey } from './data-key-store.port';

type Row = {
  subject: string;
  key_version: number;
  kek_id: string | null;
  wrapped: Buffer | null;
  destroyed_at: string | null;
  erasure_requested_at: string | null;
};

const COLUMNS = 'subject, key_version, kek_id, wrapped, destroyed_at, erasure_requested_at';
/** SQLite's default host-parameter limit is 32766; stay well below it. */
const CHUNK = 500;

/**
 * Data keys in a SQLite file: the event store's own file (table `event_data_keys` beside `events`),
 * or a file of their own for EventStoreDB. Its own connection, with `secure_delete` so a destroyed
 * key's bytes are overwritten in the page, and `synchronous = FULL`: a key must be on disk before
 * any event sealed with it, whatever the event store's own setting.
 */
export class SqliteDataKeyStore implements DataKeyStore {
  private readonly db: Database.Database;
  private readonly selects = new Map<number, Database.Statement<string[], Row>>();

  private constructor(path: string) {
    this.db = openSqlite(path, { createFolder: true, synchronous: 'FULL', secureDelete: true });
    try {
      this.db
        .transaction(() =>
          this.db.exec(`CREATE TABLE IF NOT EXISTS event_data_keys (
            subject              TEXT    PRIMARY KEY,
            key_version          INTEGER NOT NULL,
            kek_id               TEXT,
            wrapped              BLOB,
            created_at           TEXT    NOT NULL,
            destroyed_at         TEXT,
            erasure_requested_at TEXT
          ) WITHOUT ROWID`),
        )
        .immediate();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  static open(path: string): SqliteDataKeyStore {
    return new SqliteDataKeyStore(path);
  }

  async get(subjects: readonly string[]): Promise<Map<string, StoredDataKey>> {
    const found = new Map<string, StoredDataKey>();
    for (let start = 0; start < subjects.length; start += CHUNK) {
      const chunk = subjects.slice(start, start + CHUNK);
      for (const row of this.selectMany(chunk.length).all(...chunk)) found.set(row.subject, toStored(row));
    }
    return found;
  }

  /** Prepared once per number of subjects (a single one, mostly, on the command path). */
  private selectMany(count: number): Database.Statement<string[], Row> {
    let statement = this.selects.get(count);
    if (statement === undefined) {
      statement = this.db.prepare<string[], Row>(
        `SELECT ${COLUMNS} FROM event_data_keys WHERE subject IN (${Array.from({ length: count }, () => '?').join(', ')})`,
      );
      if (this.selects.size < 64) this.selects.set(count, statement);
    }
    return statement;
  }

  async insertIfAbsent(keys: readonly NewDataKey[]): Promise<Map<string, StoredDataKey>> {
    const insert = this.db.prepare(
      'INSERT INTO event_data_keys (subject, key_version, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject) DO NOTHING',
    );
    this.db
      .transaction(() => {
        for (const key of keys) insert.run(key.subject, key.version, key.kekId, key.wrapped, key.createdAt);
      })
      .immediate();
    return this.get(keys.map((key) => key.subject));
  }

  async markErasureRequested(subject: string, at: string): Promise<void> {
    this.db
      .prepare('UPDATE event_data_keys SET erasure_requested_at = ? WHERE subject = ? AND destroyed_at IS NULL')
      .run(at, subject);
  }

  async clearErasureRequest(subject: string): Promise<void> {
    this.db.prepare('UPDATE event_data_keys SET erasure_requested_at = NULL WHERE subject = ?').run(subject);
  }

  async pendingErasures(before: string): Promise<string[]> {
    return this.db
      .prepare<[string], string>(
        'SELECT subject FROM event_data_keys WHERE erasure_requested_at IS NOT NULL AND erasure_requested_at < ? AND destroyed_at IS NULL',
      )
      .pluck()
      .all(before);
  }

  async destroy(subject: string, at: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO event_data_keys (subject, key_version, kek_id, wrapped, created_at, destroyed_at) VALUES (?, 0, NULL, NULL, ?, ?)
         ON CONFLICT (subject) DO UPDATE SET kek_id = NULL, wrapped = NULL, erasure_requested_at = NULL,
           destroyed_at = COALESCE(event_data_keys.destroyed_at, excluded.destroyed_at)`,
      )
      .run(subject, at, at);
  }

  async wrappedByOthers(kekId: string, limit: number): Promise<StoredDataKey[]> {
    return this.db
      .prepare<[string, number], Row>(
        `SELECT ${COLUMNS} FROM event_data_keys WHERE destroyed_at IS NULL AND kek_id <> ? ORDER BY subject LIMIT ?`,
      )
      .all(kekId, limit)
      .map(toStored);
  }

  async rewrap(subject: string, fromKekId: string, toKekId: string, wrapped: Buffer): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        'UPDATE event_data_keys SET kek_id = ?, wrapped = ? WHERE subject = ? AND kek_id = ? AND destroyed_at IS NULL',
      )
      .run(toKekId, wrapped, subject, fromKekId);
    return changes === 1;
  }

  async liveSamplePerMasterKey(): Promise<StoredDataKey[]> {
    // SQLite's bare-column rule: with MIN(), the other columns come from the row holding the minimum.
    return this.db
      .prepare<[], Row & { first: string }>(
        `SELECT MIN(subject) AS first, ${COLUMNS} FROM event_data_keys WHERE destroyed_at IS NULL GROUP BY kek_id`,
      )
      .all()
      .map(toStored);
  }

  /**
   * secure_delete zeroes what a change frees inside the database file, but older copies of the
   * pages stay in the WAL until it is checkpointed and reset: TRUNCATE copies every frame back and
   * cuts the WAL to zero bytes. It waits (busy_timeout) for readers of other connections; a reader
   * that stays longer leaves the WAL for the next checkpoint, which SQLite runs on its own.
   */
  async purgeFreedSpace(): Promise<void> {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

const toStored = (row: Row): StoredDataKey => ({
  subject: row.subject,
  version: Number(row.key_version),
  kekId: row.kek_id,
  wrapped: row.wrapped,
  destroyed: row.destroyed_at !== null,
  erasureRequested: row.erasure_requested_at !== null,
});
