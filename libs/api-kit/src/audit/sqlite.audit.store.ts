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
import { ENTRY_COLUMNS, keyOf, prepareAccessLogFile } from './sqlite-access-log.schema';

type Row = AccessLogRow<number>;

const toEntry = (row: Row): AccessLogEntry => accessLogEntryOf(row, row.at);

/**
 * A batch as the writer thread takes it: `readers` holds, for each run of entries that share who
 * read and how, its user id, role, route, purpose and length; `reads` each entry's id, time and
 * client, in order. The copy to the thread (a structured clone, paid on the API's event loop) is
 * plain values and no repeated columns: a search's 50 entries cost 150 values and one run, not 350.
 */
type BatchMessage = { seq: number; readers: (string | number | null)[]; reads: (string | number)[] };

const batchOf = (seq: number, entries: readonly AccessLogEntry[]): BatchMessage => {
  const readers: (string | number | null)[] = [];
  const reads = new Array<string | number>(entries.length * 3);
  let previous: AccessLogEntry | undefined;
  let index = 0;
  for (const entry of entries) {
    const sameReader =
      previous !== undefined &&
      previous.userId === entry.userId &&
      previous.role === entry.role &&
      previous.route === entry.route &&
      previous.purpose === entry.purpose;
    if (sameReader) (readers[readers.length - 1] as number)++;
    else readers.push(entry.userId, entry.role, entry.route, entry.purpose, 1);
    previous = entry;
    reads[index++] = entry.id;
    reads[index++] = entry.at;
    reads[index++] = entry.clientId;
  }
  return { seq, readers, reads };
};

/**
 * The writing half, in a worker thread: better-sqlite3 is synchronous, and a batch's commit (with
 * its fsync under synchronous=FULL) would otherwise hold the API's event loop — every read in
 * flight — for the few milliseconds it takes. Plain JavaScript, evaluated, so it runs the same
 * from `dist` and under jest; the driver's path comes from the main thread's resolution.
 *
 * Readers' ids are remembered across batches (at most 10,000, then forgotten all at once), and
 * forgotten when a batch fails: its transaction may have added some of them.
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const findReader = db.prepare('SELECT id FROM access_reader WHERE user_id = ? AND role = ? AND route = ? AND purpose IS ?').pluck();
const addReader = db.prepare('INSERT INTO access_reader (user_id, role, route, purpose) VALUES (?, ?, ?, ?)');
const insert = db.prepare(\`INSERT OR IGNORE INTO access_read (client_key, at, entry_key, reader)
  VALUES (${keyOf('@client')}, @at, ${keyOf('@entry')}, @reader)\`);
const readerIds = new Map();
const readerOf = (userId, role, route, purpose) => {
  const tuple = JSON.stringify([userId, role, route, purpose]);
  let id = readerIds.get(tuple);
  if (id === undefined) {
    id = findReader.get(userId, role, route, purpose) ?? Number(addReader.run(userId, role, route, purpose).lastInsertRowid);
    if (readerIds.size >= 10000) readerIds.clear();
    readerIds.set(tuple, id);
  }
  return id;
};
const write = db.transaction((message) => {
  const { readers: runs, reads } = message;
  let read = 0;
  for (let run = 0; run < runs.length; run += 5) {
    const reader = readerOf(runs[run], runs[run + 1], runs[run + 2], runs[run + 3]);
    for (const end = read + runs[run + 4] * 3; read < end; read += 3) {
      insert.run({ entry: reads[read], at: reads[read + 1], client: reads[read + 2], reader });
    }
  }
});
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    write(message);
    parentPort.postMessage({ seq: message.seq, ok: true });
  } catch (error) {
    readerIds.clear();
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
 * something else might try on its tables or on the `access_log` view (see sqlite-access-log.schema.ts).
 */
export class SqliteAuditStore implements AuditStore {
  private readonly db: Database.Database;
  private readonly newest: Database.Statement<[{ client: string; limit: number }], Row>;
  private readonly older: Database.Statement<[{ client: string; limit: number; at: number; id: string }], Row>;
  /** Entries moved from a file's one-table log when it was opened (see prepareAccessLogFile). */
  readonly moved: number;
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
    this.moved = prepareAccessLogFile(this.db);
    const from = `SELECT ${ENTRY_COLUMNS} FROM access_read a JOIN access_reader r ON r.id = a.reader WHERE a.client_key = ${keyOf('@client')}`;
    const order = 'ORDER BY a.at DESC, a.entry_key DESC LIMIT @limit';
    this.newest = this.db.prepare(`${from} ${order}`);
    this.older = this.db.prepare(`${from} AND (a.at, a.entry_key) < (@at, ${keyOf('@id')}) ${order}`);
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
      worker.postMessage(batchOf(seq, entries));
    });
  }

  async readByClient(
    clientId: string,
    options: Readonly<{ limit: number; before?: AccessLogCursor }>,
  ): Promise<AccessLogPage> {
    const limit = options.limit + 1;
    const rows = options.before
      ? this.older.all({ client: clientId, limit, at: options.before.at, id: options.before.id })
      : this.newest.all({ client: clientId, limit });
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
