import { types, type CustomTypesConfig, type Pool, type PoolClient } from 'pg';
import { inTransaction } from '@crm/sql';
import type { BulkInsert, SqlExecutor, SqlSession, SqlValue } from '../sql/sql-executor';
import type { PostgresDialect } from './postgres.dialect';
import { toNumberedPlaceholders } from './postgres.placeholders';

/**
 * Result parsing for these queries only (pg's global parsers belong to the whole process, and the
 * event store shares it): int8 as an exact bigint, JSON as its text, parsed by the repositories
 * exactly as they parse SQLite's TEXT documents.
 */
const RESULT_TYPES: CustomTypesConfig = {
  getTypeParser: (id, format): ((value: string) => unknown) => {
    if (id === types.builtins.INT8) return (value: string) => BigInt(value);
    if (id === types.builtins.JSON || id === types.builtins.JSONB) return (value: string) => value;
    return types.getTypeParser(id, format) as (value: string) => unknown;
  },
};

/**
 * Rows per bulk statement. Each statement carries its rows as one JSON document, so this bounds
 * that document (a few MB) while a 50,000-event catch-up batch still takes a handful of round trips.
 */
const BULK_ROWS = 10_000;

type Queryable = Pool | PoolClient;

/** Portable SQL on a pool or on one pooled connection (inside a transaction). */
class PostgresSession implements SqlSession {
  constructor(
    protected readonly target: Queryable,
    readonly dialect: PostgresDialect,
    protected readonly texts: Map<string, string>,
  ) {}

  async query<R extends object>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    const result = await this.target.query<R>({ text: this.numbered(sql), values: [...params], types: RESULT_TYPES });
    return result.rows;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.target.query({ text: this.numbered(sql), values: [...params], types: RESULT_TYPES });
    return result.rowCount ?? 0;
  }

  /**
   * One `INSERT … SELECT … FROM jsonb_to_recordset(?)` per BULK_ROWS rows: a single JSON
   * parameter instead of one placeholder per value (which would hit the 65,535-parameter limit)
   * or per-column arrays (whose text form escapes every quote of every document again).
   */
  async insertMany(insert: BulkInsert, rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const names = insert.columns.map((column) => column.name).join(', ');
    const record = insert.columns.map((column) => `${column.name} ${this.dialect.columnType(column.type)}`).join(', ');
    const sql = `INSERT INTO ${insert.table} AS ${insert.alias} (${names})
      SELECT ${names} FROM jsonb_to_recordset(CAST(? AS jsonb)) AS r(${record}) ${insert.onConflict}`;
    for (let start = 0; start < rows.length; start += BULK_ROWS) {
      const records = rows.slice(start, start + BULK_ROWS).map((row) => {
        const record: Record<string, unknown> = {};
        insert.columns.forEach((column, index) => {
          const value = row[index];
          // JSON has no bigint; jsonb_to_recordset reads a string into a BIGINT column exactly.
          record[column.name] = typeof value === 'bigint' ? value.toString() : value;
        });
        return record;
      });
      await this.run(sql, [JSON.stringify(records)]);
    }
  }

  private numbered(sql: string): string {
    let text = this.texts.get(sql);
    if (text === undefined) {
      text = toNumberedPlaceholders(sql);
      this.texts.set(sql, text);
    }
    return text;
  }
}

/** SqlExecutor on a pg pool: statements outside a transaction take any idle connection. */
export class PostgresExecutor extends PostgresSession implements SqlExecutor {
  constructor(
    private readonly pool: Pool,
    dialect: PostgresDialect,
  ) {
    // Translations of the repositories' constant SQL texts, shared by every session.
    super(pool, dialect, new Map());
  }

  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PostgresSession(client, this.dialect, this.texts)));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
