/** Column types of the portable DDL and of bulk inserts; each dialect names its own. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'json';

/**
 * The few places where SQLite and PostgreSQL SQL genuinely differ. Everything else (upserts with
 * `ON CONFLICT … DO UPDATE … WHERE`, joins, `CAST`, `LIMIT`) is written once for both.
 */
export interface SqlDialect {
  /** A table name as statements write it (quoted, and schema-qualified on PostgreSQL). */
  table(name: string): string;
  /** DDL type of a portable column type. */
  columnType(type: ColumnType): string;
  /** A condition true when `column` is one of the strings of a JSON array bound to the next `?`. */
  inJsonArray(column: string): string;
  /**
   * The key of a case-insensitive prefix index on `column`, as read-model migration 2 created the
   * name and registration-number indexes (dropped by migration 15: search uses the blind index).
   */
  prefixIndexKey(column: string): string;
  /**
   * What ends a CREATE TABLE whose rows are to live in its primary key's b-tree (SQLite's
   * `WITHOUT ROWID`), or '' where the engine keeps every table apart from its key (PostgreSQL).
   */
  readonly keyOrderedTableSuffix: string;
  /**
   * Whether covering indexes (IndexDefinition.covering) are made. SQLite reads a row it does not
   * hold in its page cache by copying the row's whole page in: a client view (~2.6 KB, six to a
   * 16 KiB page) costs a page for the eight short columns a search shows, and an index holding just
   * those is about a fourteenth of the table's size. On PostgreSQL such an index would end HOT updates of
   * every column it copies (each logged contact sets last_contact_at), and an index-only scan needs
   * a visibility map that a table updated all day seldom has.
   */
  readonly coveringIndexes: boolean;
  /**
   * What follows a table's alias in FROM to make a statement read it through `index`, a covering
   * index ('' where there are none). SQLite's planner would take the primary key's index for an
   * equality on the key, which it expects to give one row as surely, and then read the table's row.
   */
  indexedBy(index: string): string;
}
