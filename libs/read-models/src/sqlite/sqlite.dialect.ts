import { quoteIdentifier } from '@crm/sql';
import type { ColumnType, SqlDialect } from '../sql/sql-dialect';

const TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'TEXT',
  integer: 'INTEGER',
  bigint: 'INTEGER',
  json: 'TEXT',
};

/** SQLite: one file is one schema; JSON is TEXT (no query looks inside a document). */
export const SQLITE_DIALECT: SqlDialect = {
  table: quoteIdentifier,
  columnType: (type) => TYPES[type],
  inJsonArray: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  // LIKE ignores ASCII case by default, and its prefix optimisation needs a NOCASE index to do so.
  prefixIndexKey: (column) => `${column} COLLATE NOCASE`,
  keyOrderedTableSuffix: ' WITHOUT ROWID',
  coveringIndexes: true,
  indexedBy: (index) => ` INDEXED BY ${index}`,
};
