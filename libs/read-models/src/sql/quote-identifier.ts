/** A double-quoted SQL identifier, valid on SQLite and PostgreSQL alike. */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
