import type { AccessLogCursor, AccessLogEntry, AccessLogPage } from './access-log';

/**
 * The access log, append-only: there is no update or delete here or in either implementation,
 * and the tables refuse both with a trigger. Kept apart from the business events (its own SQLite
 * file, or its own table with its own pool on PostgreSQL), so rebuilding read models or erasing a
 * client's personal data never touches it — and it holds no personal data to erase.
 */
export interface AuditStore {
  /**
   * Writes the entries in one transaction; an entry whose id is already stored is skipped, so a
   * batch retried after an unclear failure (the commit landed, the answer was lost) is harmless.
   */
  append(entries: readonly AccessLogEntry[]): Promise<void>;
  /** A client's entries, newest first, `limit` of them, strictly older than `before`. */
  readByClient(
    clientId: string,
    options: Readonly<{ limit: number; before?: AccessLogCursor }>,
  ): Promise<AccessLogPage>;
  close(): Promise<void>;
}

export const AUDIT_STORE = Symbol('AUDIT_STORE');

/** Builds a page from up to limit + 1 rows read newest first. */
export const pageOf = (rows: readonly AccessLogEntry[], limit: number): AccessLogPage => {
  const entries = rows.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
};
