import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Lease, LeaseHolder } from '@crm/platform';
import { openSqlite } from '../sqlite-connection';

export type SqliteLeaseOptions = Readonly<{
  /**
   * Where the lock files go, as a path without extension: `<stem>.<lease>.lease.sqlite` (and
   * `.lease.json`). The store's file name without `.sqlite`, so stores that share a folder elect apart.
   */
  stem: string;
  identity: string;
}>;

/**
 * A lease held as an open `BEGIN EXCLUSIVE` transaction on a small SQLite file of its own. SQLite
 * takes it with POSIX (fcntl) locks, which the kernel drops when the holding process dies however
 * it dies, and which SQLite also keeps apart between connections of one process; a busy timeout of
 * 0 makes every attempt answer at once. Local files only: replicas on different hosts (or a
 * network file system) need the PostgreSQL lease. The holder's identity goes to a JSON file beside
 * it, since the exclusive lock keeps others from reading the database itself.
 */
export class SqliteLease implements Lease {
  private db: Database.Database | null = null;

  constructor(
    readonly name: string,
    private readonly options: SqliteLeaseOptions,
  ) {}

  private get path(): string {
    return `${this.options.stem}.${this.name}.lease.sqlite`;
  }

  private get holderPath(): string {
    return `${this.options.stem}.${this.name}.lease.json`;
  }

  tryAcquire(): Promise<boolean> {
    if (this.db?.inTransaction === true) return Promise.resolve(true);
    this.db ??= openSqlite(this.path, { wal: false, busyTimeoutMs: 0, createFolder: true });
    try {
      this.db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      if (isBusy(error)) return Promise.resolve(false);
      throw error;
    }
    const holder: LeaseHolder = { identity: this.options.identity, since: new Date().toISOString() };
    const temporary = `${this.holderPath}.${process.pid}`;
    writeFileSync(temporary, JSON.stringify(holder));
    renameSync(temporary, this.holderPath);
    return Promise.resolve(true);
  }

  /** Nothing but the death of this process (or closing the file) ends the lock. */
  confirm(): Promise<boolean> {
    return Promise.resolve(this.db?.inTransaction === true);
  }

  holder(): Promise<LeaseHolder | null> {
    try {
      const parsed = JSON.parse(readFileSync(this.holderPath, 'utf8')) as Partial<LeaseHolder>;
      return Promise.resolve(
        typeof parsed.identity === 'string' && typeof parsed.since === 'string'
          ? { identity: parsed.identity, since: parsed.since }
          : null,
      );
    } catch {
      return Promise.resolve(null);
    }
  }

  onLost(): void {
    // The lock is a transaction of this process: it ends with the process or with release() alone.
  }

  /** Closing the connection rolls the transaction back and drops the lock. */
  release(): Promise<void> {
    const db = this.db;
    this.db = null;
    db?.close();
    return Promise.resolve();
  }
}

const isBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
