import { assertSchemaName, quoteIdentifier } from '@crm/sql';
import type { ColumnType, SqlDialect } from '../sql/sql-dialect';

/**
 * JSONB, not TEXT, for documents: operators can look inside them with SQL (reports, checks) and
 * a later migration can index a field; the cost, parsing on insert, is paid once per write.
 */
const TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'TEXT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  json: 'JSONB',
};

/** PostgreSQL, every table qualified with the read models' schema (shared with the event store). */
export class PostgresDialect implements SqlDialect {
  readonly keyOrderedTableSuffix = '';
  readonly coveringIndexes = false;

  /** The schema name is spliced into every statement (identifiers cannot be bind parameters). */
  constructor(readonly schema: string) {
    assertSchemaName(schema);
  }

  table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${quoteIdentifier(name)}`;
  }

  columnType(type: ColumnType): string {
    return TYPES[type];
  }

  inJsonArray(column: string): string {
    return `${column} IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))`;
  }

  indexedBy(): string {
    return '';
  }

  /** text_pattern_ops: LIKE 'x%' can use the index whatever the database's collation. */
  prefixIndexKey(column: string): string {
    return `lower(${column}) text_pattern_ops`;
  }
}
