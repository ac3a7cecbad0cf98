import type Database from 'better-sqlite3';
import { openSqlite } from '@crm/sql';
import type { AppliedRevisions } from './applied-revisions';

/** Applied revisions in a SQLite file (WAL, synchronous=FULL): they survive a crash of the consumer. */
export class SqliteAppliedRevisions implements AppliedRevisions {
  private readonly select: Database.Statement<[string], { revision: number }>;
  private readonly upsert: Database.Statement<[string, number]>;

  private constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS applied_revisions (
      stream TEXT PRIMARY KEY,
      revision INTEGER NOT NULL
    ) STRICT`);
    this.select = db.prepare('SELECT revision FROM applied_revisions WHERE stream = ?');
    this.upsert = db.prepare(`INSERT INTO applied_revisions (stream, revision) VALUES (?, ?)
      ON CONFLICT (stream) DO UPDATE SET revision = max(revision, excluded.revision)`);
  }

  static open(path: string): SqliteAppliedRevisions {
    return new SqliteAppliedRevisions(openSqlite(path, { synchronous: 'FULL' }));
  }

  /** The database, so a consumer can record its own effects in the same transaction. */
  get database(): Database.Database {
    return this.db;
  }

  async lastApplied(stream: string): Promise<number | null> {
    return this.select.get(stream)?.revision ?? null;
  }

  async markApplied(stream: string, revision: number): Promise<void> {
    this.upsert.run(stream, revision);
  }

  close(): void {
    this.db.close();
  }
}
