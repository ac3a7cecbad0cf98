import type { Database as Db, Statement } from 'better-sqlite3';
import { openSqlite } from '@crm/sql';

/**
 * Where the EventStoreDB adapter keeps consumers' checkpoints. They belong with the read models
 * (the read-model database), not in EventStoreDB: a checkpoint stream there could never be
 * written in the same transaction as a projection's effects.
 */
export interface CheckpointStore {
  get(name: string): Promise<bigint | null>;
  store(name: string, position: bigint): Promise<void>;
  close(): Promise<void>;
}

/**
 * Checkpoints in an `event_checkpoints` table of a SQLite file, typically the embedded read-model
 * database. Positions are EventStoreDB log positions, which fit SQLite's signed 64-bit INTEGER.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly select: Statement<[string], bigint>;
  private readonly upsert: Statement<[string, bigint]>;

  private constructor(private readonly db: Db) {
    this.select = db
      .prepare<[string], bigint>('SELECT position FROM event_checkpoints WHERE name = ?')
      .pluck()
      .safeIntegers();
    this.upsert = db.prepare<[string, bigint]>(
      'INSERT INTO event_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
  }

  /** Opens (creating if needed) the file, or ':memory:'. */
  static open(path: string): SqliteCheckpointStore {
    // WAL, as the read models open the same file: readers never block this writer.
    const db = openSqlite(path);
    try {
      db.exec('CREATE TABLE IF NOT EXISTS event_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)');
      return new SqliteCheckpointStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async get(name: string): Promise<bigint | null> {
    return this.select.get(name) ?? null;
  }

  async store(name: string, position: bigint): Promise<void> {
    this.upsert.run(name, position);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
