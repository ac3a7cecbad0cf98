import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

/**
 * How a connection is set up. Files differ on purpose (the event store and data keys must survive
 * a power cut, read models and risk state may lose their last commits), so each opener states what
 * it needs; the defaults are what every file of the project shares.
 */
export type SqliteConnectionOptions = Readonly<{
  /**
   * FULL fsyncs every commit (an acknowledged write survives a power cut); NORMAL under WAL may
   * lose the last commits on power loss, never corrupts. Omitted: SQLite's own default, which is
   * FULL on the connection that switches a file to WAL and NORMAL on one opening a WAL file.
   */
  synchronous?: SqliteSynchronous;
  /**
   * WAL (default) lets readers run beside the writer. false: leave the file's mode alone, for a
   * second connection to a file whose owner sets it.
   */
  wal?: boolean;
  /** How long a statement waits for another connection's lock before failing (default 5,000 ms). */
  busyTimeoutMs?: number;
  /** Overwrite freed content with zeros, for files holding personal data. */
  secureDelete?: boolean;
  cacheSizeKiB?: number;
  /** Only takes effect on a new file (it must precede WAL, which fixes the page size). */
  pageSize?: number;
  tempStoreInMemory?: boolean;
  /** WAL pages between automatic checkpoints (each one fsyncs). */
  walAutocheckpointPages?: number;
  /** What the WAL is cut back to after a checkpoint. */
  journalSizeLimitBytes?: number;
  /** Create the file's folder first (never for ':memory:'). */
  createFolder?: boolean;
}>;

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Pragma values are spliced into the text, so numbers are forced to integers in range. */
const atLeast = (minimum: number, value: number): number => Math.max(minimum, Math.floor(value));

/**
 * The pragmas of a connection, in the order they must run: the busy timeout first (switching to
 * WAL may wait for a lock), the page size before WAL. Exposed for code that cannot import this
 * module, such as the evaluated source of a worker thread.
 */
export const sqlitePragmas = (options: SqliteConnectionOptions): string[] => {
  const pragmas = [`busy_timeout = ${atLeast(0, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`];
  if (options.pageSize !== undefined) pragmas.push(`page_size = ${atLeast(512, options.pageSize)}`);
  if (options.wal !== false) pragmas.push('journal_mode = WAL');
  if (options.synchronous !== undefined) pragmas.push(`synchronous = ${options.synchronous}`);
  if (options.secureDelete === true) pragmas.push('secure_delete = ON');
  if (options.cacheSizeKiB !== undefined) pragmas.push(`cache_size = -${atLeast(1, options.cacheSizeKiB)}`);
  if (options.tempStoreInMemory === true) pragmas.push('temp_store = MEMORY');
  if (options.walAutocheckpointPages !== undefined) {
    pragmas.push(`wal_autocheckpoint = ${atLeast(0, options.walAutocheckpointPages)}`);
  }
  if (options.journalSizeLimitBytes !== undefined) {
    pragmas.push(`journal_size_limit = ${atLeast(-1, options.journalSizeLimitBytes)}`);
  }
  return pragmas;
};

/** Opens (creating if needed) the file, or ':memory:', with its pragmas; closed again if one fails. */
export const openSqlite = (path: string, options: SqliteConnectionOptions = {}): Database.Database => {
  if (options.createFolder === true && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    for (const pragma of sqlitePragmas(options)) db.pragma(pragma);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};
