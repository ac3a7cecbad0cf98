import { ApiError } from '@crm/platform';

/**
 * One recorded read of one client: who (user id and role, never a name), which client, when, by
 * which route pattern (`/v1/clients/:id`, never the concrete URL with its query string) and why
 * (the caller's `X-Purpose`, validated, stored as sent).
 */
export type AccessLogEntry = Readonly<{
  /** uuid v7 made when the read is recorded: a retried batch cannot write an entry twice. */
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
  userId: string;
  role: string;
  clientId: string;
  route: string;
  purpose: string | null;
}>;

/** Where the next (older) page starts: the last entry of this one. */
export type AccessLogCursor = Readonly<{ at: number; id: string }>;

export type AccessLogPage = Readonly<{ entries: readonly AccessLogEntry[]; next: AccessLogCursor | null }>;

export const MAX_ACCESS_LOG_LIMIT = 200;
export const DEFAULT_ACCESS_LOG_LIMIT = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR_TEXT = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;

/** Opaque to callers: base64url of `<at>.<id>`. */
export const encodeAccessLogCursor = (cursor: AccessLogCursor): string =>
  Buffer.from(`${cursor.at}.${cursor.id}`, 'utf8').toString('base64url');

/** The cursor, or null when the text is not one this API handed out. */
export const decodeAccessLogCursor = (text: string): AccessLogCursor | null => {
  if (!BASE64URL.test(text)) return null;
  const match = CURSOR_TEXT.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) return null;
  const at = Number(match[1]);
  if (!Number.isSafeInteger(at) || !UUID.test(match[2])) return null;
  // Only the canonical encoding: a cursor is compared as text by nobody, but one value, one form.
  return encodeAccessLogCursor({ at, id: match[2] }) === text ? { at, id: match[2] } : null;
};

export const MAX_PURPOSE_LENGTH = 200;
/** Printable ASCII and space: no control characters (tabs, newlines, DEL), nothing that could forge a log line. */
const PURPOSE = /^[\x20-\x7e]+$/;

/**
 * The optional `X-Purpose` header: absent → null; otherwise 1–200 printable ASCII characters,
 * stored as sent (text in other scripts is sent percent-encoded). Anything else is a 400 naming
 * the header. The value is never echoed: it is the caller's free text.
 */
export const readPurposeHeader = (value: string | string[] | undefined): string | null => {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PURPOSE_LENGTH || !PURPOSE.test(value)) {
    throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
      {
        field: 'X-Purpose',
        message: `X-Purpose must be 1–${MAX_PURPOSE_LENGTH} printable ASCII characters (percent-encode other text)`,
      },
    ]);
  }
  return value;
};

/** A row of `access_log` as each driver returns it (`at`: a Date from pg, epoch ms from SQLite). */
export type AccessLogRow<At> = Readonly<{
  id: string;
  at: At;
  user_id: string;
  role: string;
  client_id: string;
  route: string;
  purpose: string | null;
}>;

export const accessLogEntryOf = (row: AccessLogRow<unknown>, at: number): AccessLogEntry => ({
  id: row.id,
  at,
  userId: row.user_id,
  role: row.role,
  clientId: row.client_id,
  route: row.route,
  purpose: row.purpose,
});
