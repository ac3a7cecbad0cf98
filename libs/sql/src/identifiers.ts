/**
 * Schema names come from configuration and are spliced into DDL and queries (identifiers cannot be
 * bind parameters), so they must have the unquoted-identifier shape PostgreSQL keeps as written:
 * lower case, at most 63 bytes. They are double-quoted anyway.
 */
export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export const isSchemaName = (name: string): boolean => SCHEMA_NAME_PATTERN.test(name);

/** Returns `name` when it is a valid schema name, throws otherwise. */
export const assertSchemaName = (name: string): string => {
  if (!isSchemaName(name)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(name)}: expected ${String(SCHEMA_NAME_PATTERN)}`);
  }
  return name;
};

/** A double-quoted SQL identifier, valid on SQLite and PostgreSQL alike. */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
