import type Database from 'better-sqlite3';
import type { SqlDialect } from '../sql/sql-dialect';
import type { BulkInsert, SqlExecutor, SqlSession, SqlValue } from '../sql/sql-executor';
import { SQLITE_DIALECT } from './sqlite.dialect';
import { narrowedUpsert } from './sqlite.narrowed-upsert';

/**
 * SqlExecutor on one better-sqlite3 connection. Statements are prepared once per SQL text and
 * kept (the texts are the repositories' constants, so the cache stays small); a bulk insert steps
 * one cached statement per row, which in-process SQLite does faster than any multi-row form.
 *
 * One connection is shared by everything, so a transaction must not let other callers in: while
 * one is queued or open, statements from outside it wait until it ends.
 */
export class SqliteExecutor implements SqlExecutor {
  readonly dialect: SqlDialect = SQLITE_DIALECT;
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();
  private readonly session: SqlSession;
  /** Settles when the last queued transaction has ended. */
  private queue: Promise<void> = Promise.resolve();
  private transactions = 0;

  constructor(private readonly db: Database.Database) {
    this.session = {
      dialect: this.dialect,
      query: async <R extends object>(sql: string, params?: readonly SqlValue[]) => this.all<R>(sql, params),
      run: async (sql: string, params?: readonly SqlValue[]) => this.change(sql, params),
      insertMany: async (insert: BulkInsert, rows: readonly (readonly unknown[])[]) => this.insertRows(insert, rows),
    };
  }

  async query<R extends object>(sql: string, params?: readonly SqlValue[]): Promise<R[]> {
    if (this.transactions > 0) await this.idle();
    return this.all<R>(sql, params);
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    if (this.transactions > 0) await this.idle();
    return this.change(sql, params);
  }

  async insertMany(insert: BulkInsert, rows: readonly (readonly unknown[])[]): Promise<void> {
    if (this.transactions > 0) await this.idle();
    this.insertRows(insert, rows);
  }

  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    // Counted before the first await, so a statement issued right after this call already waits.
    this.transactions += 1;
    const result = this.queue.then(() => this.inTransaction(work));
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async close(): Promise<void> {
    await this.idle();
    this.db.close();
  }

  private async inTransaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    try {
      // IMMEDIATE: take the write lock now, so a second process waits here (busy_timeout) rather
      // than failing at its first write with its reads already done.
      this.prepare('BEGIN IMMEDIATE').run();
      try {
        const result = await work(this.session);
        this.prepare('COMMIT').run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.prepare('ROLLBACK').run();
        throw error;
      }
    } finally {
      this.transactions -= 1;
    }
  }

  private async idle(): Promise<void> {
    while (this.transactions > 0) await this.queue;
  }

  private all<R>(sql: string, params: readonly SqlValue[] = []): R[] {
    return this.prepare(sql).all(params) as R[];
  }

  private change(sql: string, params: readonly SqlValue[] = []): number {
    return this.prepare(sql).run(params).changes;
  }

  private insertRows(insert: BulkInsert, rows: readonly (readonly unknown[])[]): void {
    insertEachRow((sql) => this.prepare(sql), insert, rows);
  }

  private prepare(sql: string): Database.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[]>(sql);
      // Integers come back exact (bigint); mappers narrow the ones known to be small.
      if (statement.reader) statement.safeIntegers(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Steps one single-row INSERT per row (in-process, that beats any multi-row form); `json` columns
 * take any JSON-serialisable value. An upsert sets only the indexed columns whose value changes
 * (narrowedUpsert). `prepare` decides whether the statement is cached.
 */
export const insertEachRow = (
  prepare: (sql: string) => Database.Statement<unknown[]>,
  insert: BulkInsert,
  rows: readonly (readonly unknown[])[],
): void => {
  if (rows.length === 0) return;
  const names = insert.columns.map((column) => column.name).join(', ');
  const placeholders = insert.columns.map(() => '?').join(', ');
  const statementOf = (onConflict: string) =>
    `INSERT INTO ${insert.table} AS ${insert.alias} (${names}) VALUES (${placeholders}) ${onConflict}`;
  const statement = prepare(statementOf(insert.onConflict));
  const run =
    narrowedUpsert(prepare, insert, statement, statementOf) ??
    ((values: readonly unknown[]) => {
      statement.run(values);
    });
  const json: number[] = [];
  for (const [index, column] of insert.columns.entries()) if (column.type === 'json') json.push(index);
  for (const row of rows) {
    if (json.length === 0) {
      run(row);
      continue;
    }
    const values = row.slice();
    for (const index of json) values[index] = JSON.stringify(values[index]);
    run(values);
  }
};
