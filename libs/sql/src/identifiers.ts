import { isSchemaName, SCHEMA_NAME_PATTERN } from '@crm/platform';

/** Returns `name` when it is a valid schema name, throws otherwise. */
export const assertSchemaName = (name: string): string => {
  if (!isSchemaName(name)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(name)}: expected ${String(SCHEMA_NAME_PATTERN)}`);
  }
  return name;
};

/** A double-quoted SQL identifier, valid on SQLite and PostgreSQL alike. */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
