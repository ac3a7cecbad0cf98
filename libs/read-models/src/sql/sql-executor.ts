import type { ColumnType, SqlDialect } from './sql-dialect';

/** What a statement may bind: both engines take these as they are. */
export type SqlValue = string | number | bigint | null;

/**
 * How an integer column arrives: better-sqlite3 statements run with safe integers (bigint), pg
 * parses int8 as bigint and int4 as number. Mappers normalise with Number() or BigInt().
 */
export type SqlInteger = number | bigint;

export type BulkInsertColumn = Readonly<{ name: string; type: ColumnType }>;

/**
 * A multi-row `INSERT … ON CONFLICT …`, written once. Each engine chooses how many rows one
 * statement carries: a cached single-row statement per row on SQLite (no round trips to save),
 * one statement per few thousand rows on PostgreSQL.
 */
export type BulkInsert = Readonly<{
  /** As `SqlDialect.table` renders it. */
  table: string;
  /** Name of the existing row in `onConflict` (`excluded` is the proposed one). */
  alias: string;
  columns: readonly BulkInsertColumn[];
  onConflict: string;
  /** Set when `onConflict` is an upsert that assigns columns from `excluded`, for engines that narrow it. */
  upsert?: UpsertShape;
}>;

/**
 * An upsert's parts. SQLite rewrites a secondary index's entry for every column the SET clause
 * names, whether or not its value changed, so its executor names only the indexed columns whose
 * value does change (PostgreSQL compares values itself, and runs `onConflict` as written).
 */
export type UpsertShape = Readonly<{
  /** The conflict target, in order. */
  key: readonly string[];
  /** Columns a conflict sets to `excluded`'s value, in column order. */
  set: readonly string[];
  /** Those of `set` that a secondary index holds. */
  indexed: readonly string[];
  /** Over `excluded` and the current row; the update happens only where it holds. */
  guard?: string;
}>;

/** Rows for one bulk insert, each row one value per column in column order. */
export type BulkWrite = Readonly<{ insert: BulkInsert; rows: readonly (readonly unknown[])[] }>;

/**
 * Runs portable SQL: `?` placeholders, no engine-specific syntax except what the dialect renders.
 * Row types are the caller's claim about its own SELECT, as with any driver.
 */
export interface SqlSession {
  readonly dialect: SqlDialect;
  query<R extends object>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** `rows` hold one value per column, in column order; a `json` column takes any JSON-serialisable value. */
  insertMany(insert: BulkInsert, rows: readonly (readonly unknown[])[]): Promise<void>;
}

export interface SqlExecutor extends SqlSession {
  /**
   * Runs `work` in one transaction, committed when it resolves and rolled back when it rejects.
   * Statements outside it never see its uncommitted rows.
   */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
