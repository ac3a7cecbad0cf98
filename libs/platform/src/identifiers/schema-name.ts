/**
 * Schema names come from configuration and are spliced into DDL and queries (identifiers cannot be
 * bind parameters), so they must have the unquoted-identifier shape PostgreSQL keeps as written:
 * lower case, at most 63 bytes. They are double-quoted anyway.
 */
export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export const isSchemaName = (name: string): boolean => SCHEMA_NAME_PATTERN.test(name);
