import type { ColumnType, SqlDialect } from './sql-dialect';
import type { BulkInsert } from './sql-executor';

export type ColumnDefinition = Readonly<{ name: string; type: ColumnType; notNull?: true }>;

/** Named `<table>_<suffix>`: index names are per schema on both engines, so they carry the table's name. */
export type IndexDefinition = Readonly<{
  suffix: string;
  keys: readonly string[];
  /** An index that answers a query from its keys alone: made only where the dialect has them (SqlDialect.coveringIndexes). */
  covering?: true;
}>;

/** The name of `index` on the table named `table` (a generation's name for it). */
export const indexName = (table: string, index: IndexDefinition): string => `${table}_${index.suffix}`;

/**
 * One read-model table, from which its DDL and its bulk writes are made. Column order is the order
 * of the repositories' row arrays and of the columns the migrations left (a spec compares them).
 */
export type TableDefinition = Readonly<{
  name: string;
  columns: readonly ColumnDefinition[];
  primaryKey: readonly string[];
  indexes: readonly IndexDefinition[];
  /**
   * Rows kept in the primary key's b-tree where the engine can (SQLite's WITHOUT ROWID): for a
   * table of small rows (well under a quarter of a page) read through its key. A rowid table
   * stores the key twice, and scatters the rows of one key prefix in the order they were written.
   */
  keyOrdered?: true;
}>;

/** Name of the existing row in the upserts' guards (`excluded` is the proposed one). */
export const CURRENT_ROW = 'cur';

/**
 * CREATE TABLE and CREATE INDEX statements for the table named `name` (a generation's name for
 * it), in the form the migrations wrote: a one-column primary key on its column.
 */
export const createTableSql = (d: SqlDialect, table: TableDefinition, name: string): string[] => {
  const inline = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
  const columns = table.columns.map(
    (c) => `${c.name} ${d.columnType(c.type)}${c.name === inline ? ' PRIMARY KEY' : ''}${c.notNull ? ' NOT NULL' : ''}`,
  );
  if (inline === undefined) columns.push(`PRIMARY KEY (${table.primaryKey.join(', ')})`);
  const quoted = d.table(name);
  return [
    `CREATE TABLE ${quoted} (\n  ${columns.join(',\n  ')}\n)${table.keyOrdered ? d.keyOrderedTableSuffix : ''}`,
    ...table.indexes
      .filter((index) => index.covering !== true || d.coveringIndexes)
      .map((index) => `CREATE INDEX ${indexName(name, index)} ON ${quoted} (${index.keys.join(', ')})`),
  ];
};

/** Every column, in order, for a SELECT whose row type follows the definition. */
export const columnList = (table: TableDefinition): string => table.columns.map((c) => c.name).join(', ');

const insertOf = (table: TableDefinition, quoted: string, onConflict: string): BulkInsert => ({
  table: quoted,
  alias: CURRENT_ROW,
  columns: table.columns.map(({ name, type }) => ({ name, type })),
  onConflict,
});

/** The columns outside the primary key, in the table's order. */
const nonKeyColumns = (table: TableDefinition): string[] =>
  table.columns.map((c) => c.name).filter((name) => !table.primaryKey.includes(name));

/** `column = <value>` for every column outside the primary key. */
const setNonKeyColumns = (table: TableDefinition, value: (column: string) => string): string =>
  nonKeyColumns(table)
    .map((column) => `${column} = ${value(column)}`)
    .join(', ');

/**
 * Every column, into `quoted` (the table as statements write it); on a key conflict every other
 * column takes the new value when `guard` (over `excluded` and CURRENT_ROW) holds, or always
 * without one.
 */
export const upsertOf = (table: TableDefinition, quoted: string, guard?: string): BulkInsert => {
  const set = nonKeyColumns(table);
  // Every column in the key: a conflicting row is already the row.
  if (set.length === 0) return insertIgnoringConflictsOf(table, quoted);
  const insert = insertOf(table, quoted, upsertClause(table.primaryKey, setToProposed(set), guard));
  const indexedColumns = new Set(table.indexes.flatMap((index) => index.keys));
  const indexed = set.filter((name) => indexedColumns.has(name));
  return { ...insert, upsert: { key: table.primaryKey, set, indexed, guard } };
};

/** `column = excluded.column` for each of `columns`: an upsert's SET list. */
export const setToProposed = (columns: readonly string[]): string =>
  columns.map((column) => `${column} = excluded.${column}`).join(', ');

/** `ON CONFLICT (key) DO UPDATE SET … [WHERE guard]`, or DO NOTHING when nothing is to be set. */
export const upsertClause = (key: readonly string[], updates: string, guard?: string): string => {
  if (updates === '') return 'ON CONFLICT DO NOTHING';
  const where = guard === undefined ? '' : ` WHERE ${guard}`;
  return `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates}${where}`;
};

/** Every column, into `quoted`; on a key conflict every other column (all numeric) adds the new value to its own. */
export const accumulateOf = (table: TableDefinition, quoted: string): BulkInsert => {
  const sums = setNonKeyColumns(table, (column) => `${CURRENT_ROW}.${column} + excluded.${column}`);
  return insertOf(table, quoted, `ON CONFLICT (${table.primaryKey.join(', ')}) DO UPDATE SET ${sums}`);
};

/** Every column, into `quoted`; a row whose key exists is skipped. */
export const insertIgnoringConflictsOf = (table: TableDefinition, quoted: string): BulkInsert =>
  insertOf(table, quoted, 'ON CONFLICT DO NOTHING');
