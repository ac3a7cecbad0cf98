import type Database from 'better-sqlite3';
import type { BulkInsert } from '../sql/sql-executor';
import { setToProposed, upsertClause } from '../sql/table-definition';

type Prepare = (sql: string) => Database.Statement<unknown[]>;

/** Masks of changed columns are kept in an int's bits. */
const MAX_NARROWED_COLUMNS = 30;

/**
 * True only when writing `proposed` over `stored` cannot change the row: both strings, or both
 * numbers (SQLite hands integers back as bigint), with the same text. Anything else counts as a
 * change, which sets the column as the full upsert would.
 */
export const sameStoredValue = (stored: unknown, proposed: unknown): boolean => {
  if (stored === null || stored === undefined) return proposed === null || proposed === undefined;
  if (typeof stored === 'string') return typeof proposed === 'string' && stored === proposed;
  if (typeof stored === 'number' || typeof stored === 'bigint') {
    return (typeof proposed === 'number' || typeof proposed === 'bigint') && String(stored) === String(proposed);
  }
  return false;
};

/**
 * Runs `insert`'s upsert one row at a time, leaving out of its SET clause every indexed column
 * whose value the row keeps. SQLite deletes and re-inserts a secondary index's entry for each
 * column the SET names, changed or not: a client view written for a logged contact rewrote a page
 * of each of its five filter indexes, which doubled the pages its commit wrote. The current values
 * are read first (by the key, from pages the write reads anyway); a missing row takes the full
 * statement (an insert). Returns null when the insert is no such upsert.
 *
 * `full` is the caller's statement as written; `statementOf` renders the INSERT with another
 * conflict clause.
 */
export const narrowedUpsert = (
  prepare: Prepare,
  insert: BulkInsert,
  full: Database.Statement<unknown[]>,
  statementOf: (onConflict: string) => string,
): ((values: readonly unknown[]) => void) | null => {
  const upsert = insert.upsert;
  if (upsert === undefined || upsert.indexed.length === 0 || upsert.indexed.length > MAX_NARROWED_COLUMNS) return null;
  const at = new Map(insert.columns.map((column, index) => [column.name, index]));
  const keyAt = upsert.key.map((name) => at.get(name));
  const indexedAt = upsert.indexed.map((name) => at.get(name));
  if (keyAt.includes(undefined) || indexedAt.includes(undefined)) return null;
  const current = prepare(
    `SELECT ${upsert.indexed.join(', ')} FROM ${insert.table} WHERE ${upsert.key.map((name) => `${name} = ?`).join(' AND ')}`,
  );
  const byChanged = new Map<number, Database.Statement<unknown[]>>();
  const narrowed = (changed: number): Database.Statement<unknown[]> => {
    let statement = byChanged.get(changed);
    if (statement === undefined) {
      const set = upsert.set.filter((name) => {
        const indexed = upsert.indexed.indexOf(name);
        return indexed < 0 || (changed & (1 << indexed)) !== 0;
      });
      statement = prepare(statementOf(upsertClause(upsert.key, setToProposed(set), upsert.guard)));
      byChanged.set(changed, statement);
    }
    return statement;
  };
  return (values) => {
    const row = current.get(keyAt.map((index) => values[index!])) as Record<string, unknown> | undefined;
    if (row === undefined) {
      full.run(values);
      return;
    }
    let changed = 0;
    for (let i = 0; i < indexedAt.length; i++) {
      if (!sameStoredValue(row[upsert.indexed[i]], values[indexedAt[i]!])) changed |= 1 << i;
    }
    narrowed(changed).run(values);
  };
};
