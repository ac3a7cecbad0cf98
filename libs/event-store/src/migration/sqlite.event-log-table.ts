import type { Database } from 'better-sqlite3';
import { openSqlite } from '@crm/sql';
import { SqliteDataKeyStore } from '../encryption/sqlite.data-key-store';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import { eventRecordOf, type DataKeyRecord, type EventRecord } from './event-log-record';
import type { EventLogTable, EventLogWriter } from './event-log-table';

type KeyRow = [string, bigint, string | null, Buffer | null, string, string | null, string | null];
type EventRow = [bigint, string, string, bigint, string, string, string, bigint, string];

/** The event log and key ring of a SQLite event store file (see EventLogTable). */
export class SqliteEventLogTable implements EventLogTable {
  readonly dialect = 'sqlite' as const;

  private constructor(private readonly db: Database) {}

  /** Creates the file's tables when missing (through the stores themselves, so the schema is theirs). */
  static async open(path: string): Promise<SqliteEventLogTable> {
    await SqliteEventStore.open(path).close();
    await SqliteDataKeyStore.open(path).close();
    return new SqliteEventLogTable(openSqlite(path, { synchronous: 'FULL', secureDelete: true }));
  }

  async headPosition(): Promise<bigint> {
    return this.db.prepare<[], bigint | null>('SELECT MAX(position) FROM events').pluck().safeIntegers().get() ?? 0n;
  }

  async masterKeyIds(): Promise<string[]> {
    return this.db
      .prepare<[], string>(
        'SELECT DISTINCT kek_id FROM event_data_keys WHERE kek_id IS NOT NULL AND wrapped IS NOT NULL ORDER BY kek_id',
      )
      .pluck()
      .all();
  }

  async dataKeys(afterSubject: string, limit: number): Promise<DataKeyRecord[]> {
    return this.db
      .prepare<[string, number], KeyRow>(
        `SELECT subject, key_version, kek_id, wrapped, created_at, destroyed_at, erasure_requested_at
           FROM event_data_keys WHERE subject > ? ORDER BY subject LIMIT ?`,
      )
      .raw()
      .safeIntegers()
      .all(afterSubject, limit)
      .map((row) => ({
        kind: 'data-key',
        subject: row[0],
        version: Number(row[1]),
        kekId: row[2],
        wrapped: row[3] === null ? null : row[3].toString('base64'),
        createdAt: row[4],
        destroyedAt: row[5],
        erasureRequestedAt: row[6],
      }));
  }

  async events(after: bigint, upTo: bigint, limit: number): Promise<EventRecord[]> {
    return this.db
      .prepare<[bigint, bigint, number], EventRow>(
        `SELECT position, event_id, stream_id, revision, type, data, metadata, schema_version, recorded_at
           FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
      )
      .raw()
      .safeIntegers()
      .all(after, upTo, limit)
      .map(eventRecordOf);
  }

  async isEmpty(): Promise<boolean> {
    const any = (table: string): boolean => this.db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
    return !any('events') && !any('event_data_keys');
  }

  async inImport(work: (writer: EventLogWriter) => Promise<void>): Promise<void> {
    const insertKey = this.db.prepare(
      `INSERT INTO event_data_keys (subject, key_version, kek_id, wrapped, created_at, destroyed_at, erasure_requested_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEvent = this.db.prepare(
      `INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, schema_version, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // One write transaction across the awaits of reading the file: nothing else writes this
    // connection meanwhile, and a failure anywhere leaves the file as it was.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      await work({
        insertDataKeys: async (keys) => {
          for (const key of keys) {
            insertKey.run(
              key.subject,
              key.version,
              key.kekId,
              key.wrapped === null ? null : Buffer.from(key.wrapped, 'base64'),
              key.createdAt,
              key.destroyedAt,
              key.erasureRequestedAt,
            );
          }
        },
        insertEvents: async (events) => {
          for (const event of events) {
            insertEvent.run(
              BigInt(event.position),
              event.eventId,
              event.streamId,
              event.revision,
              event.type,
              JSON.stringify(event.data) ?? 'null',
              JSON.stringify(event.metadata),
              event.schemaVersion,
              event.recordedAt,
            );
          }
        },
      });
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
