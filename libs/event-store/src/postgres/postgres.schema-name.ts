/**
 * The schema name comes from configuration and is spliced into DDL and queries (identifiers cannot
 * be bind parameters), so it is validated against the unquoted-identifier shape PostgreSQL keeps
 * as written (lower case, at most 63 bytes) and then double-quoted anyway.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const assertSchemaName = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}: expected ${String(SCHEMA_NAME)}`);
  }
  return schema;
};

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * NOTIFY channel of one schema's event store. Channel names longer than 63 bytes are refused by
 * pg_notify, so long schema names are cut; two schemas sharing a cut name only wake each other's
 * subscriptions needlessly, they never miss anything.
 */
export const notificationChannel = (schema: string): string => `event_store_${schema}`.slice(0, 63);
