import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openSqlite, sqlitePragmas } from '@crm/sql';
import {
  accessLogEntryOf,
  type AccessLogCursor,
  type AccessLogEntry,
  type AccessLogPage,
  type AccessLogRow,
} from './access-log';
import { pageOf, type AuditStore } from './audit.store';

type Row = AccessLogRow<number>;

const toEntry = (row: Row): AccessLogEntry => accessLogEntryOf(row, row.at);

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS access_log (
    id        TEXT    PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   TEXT    NOT NULL,
    role      TEXT    NOT NULL,
    client_id TEXT    NOT NULL,
    route     TEXT    NOT NULL,
    purpose   TEXT
  );
  -- (client_id, at) with the id as tie-breaker: a client's page, newest first, is one index range.
  CREATE INDEX IF NOT EXISTS access_log_client_at ON access_log (client_id, at, id);
  CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
`;

/** An entry's values in the writer's messages, in its INSERT's order (see valuesOf). */
const ENTRY_VALUES = 7;

/**
 * Entries as one flat array of their values, in the INSERT's order: the copy to the writer thread
 * (structured clone, paid on the API's event loop) then holds plain values, not a property name
 * per field (3.1 -> 2.6 % of a portfolio load's busy time, docs/benchmarks.md).
 */
const valuesOf = (entries: readonly AccessLogEntry[]): (string | number | null)[] => {
  const values = new Array<string | number | null>(entries.length * ENTRY_VALUES);
  let index = 0;
  for (const entry of entries) {
    values[index++] = entry.id;
    values[index++] = entry.at;
    values[index++] = entry.userId;
    values[index++] = entry.role;
    values[index++] = entry.clientId;
    values[index++] = entry.route;
    values[index++] = entry.purpose;
  }
  return values;
};

/**
 * The writing half, in a worker thread: better-sqlite3 is synchronous, and a batch's commit (with
 * its fsync under synchronous=FULL) would otherwise hold the API's event loop — every read in
 * flight — for the few milliseconds it takes. Plain JavaScript, evaluated, so it runs the same
 * from `dist` and under jest; the driver's path comes from the main thread's resolution.
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const insert = db.prepare('INSERT OR IGNORE INTO access_log (id, at, user_id, role, client_id, route, purpose) VALUES (?, ?, ?, ?, ?, ?, ?)');
const insertAll = db.transaction((values) => {
  for (let i = 0; i < values.length; i += ${ENTRY_VALUES}) insert.run(values.slice(i, i + ${ENTRY_VALUES}));
});
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    insertAll(message.values);
    parentPort.postMessage({ seq: message.seq, ok: true });
  } catch (error) {
    parentPort.postMessage({ seq: message.seq, ok: false, message: String((error && error.message) || error) });
  }
});
`;

type Reply = { seq: number; ok: boolean; message?: string };
type Waiting = { resolve: () => void; reject: (error: Error) => void };

/**
 * The access log in a SQLite file of its own (`AUDIT_PATH`), never the read-model file (which is
 * disposable) nor the event store. WAL; `durable` (SQLITE_DURABLE, on by default, as for the event
 * store) is `synchronous=FULL`: a written batch survives a power cut. Without it a batch survives
 * a process crash, not a power cut.
 *
 * Batches are written by a worker thread with its own connection (see WRITER_SOURCE), so neither
 * the insert nor the fsync runs on the API's event loop; reads of the log (the dpo's, rare) use a
 * connection on the main thread, which WAL lets read while the worker writes.
 *
 * Append-only: this class has no update or delete, and triggers abort any UPDATE or DELETE that
 * something else might try on the table.
 */
export class SqliteAuditStore implements AuditStore {
  private readonly db: Database.Database;
  private readonly newest: Database.Statement<[string, number], Row>;
  private readonly older: Database.Statement<[string, number, string, number], Row>;
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private seq = 0;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly options: Readonly<{ durable?: boolean }> = {},
  ) {
    // The schema is made here, synchronously, so a bad path or file fails the boot, not a batch.
    this.db = openSqlite(path, { createFolder: true });
    this.db.exec(SCHEMA);
    const columns = 'id, at, user_id, role, client_id, route, purpose';
    this.newest = this.db.prepare(
      `SELECT ${columns} FROM access_log WHERE client_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
    );
    this.older = this.db.prepare(
      `SELECT ${columns} FROM access_log WHERE client_id = ? AND (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT ?`,
    );
  }

  /** One transaction in the writer thread; resolves once it has committed. */
  append(entries: readonly AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('the audit store is closed'));
    const worker = this.writer();
    const seq = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      // Held open while a batch is in flight, so a shutdown waits for its answer.
      worker.ref();
      worker.postMessage({ seq, values: valuesOf(entries) });
    });
  }

  async readByClient(
    clientId: string,
    options: Readonly<{ limit: number; before?: AccessLogCursor }>,
  ): Promise<AccessLogPage> {
    const rows = options.before
      ? this.older.all(clientId, options.before.at, options.before.id, options.limit + 1)
      : this.newest.all(clientId, options.limit + 1);
    return pageOf(rows.map(toEntry), options.limit);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (worker !== null) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ close: true });
      await exited;
    }
    if (this.db.open) this.db.close();
  }

  private writer(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: {
        path: this.path,
        driver: require.resolve('better-sqlite3'),
        pragmas: sqlitePragmas({ synchronous: this.options.durable === false ? 'NORMAL' : 'FULL' }),
      },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.waiting.get(reply.seq);
      this.waiting.delete(reply.seq);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) waiting?.resolve();
      else waiting?.reject(new Error(reply.message ?? 'audit write failed'));
    });
    // A writer that dies fails what it held (the batches are retried) and is started anew next time.
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (error: Error) => failAll(error));
    worker.on('exit', (code) => failAll(new Error(`the audit writer thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
