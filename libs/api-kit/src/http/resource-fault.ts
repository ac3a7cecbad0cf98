import type { ApiErrorBody } from '@crm/platform';

export type ResourceFaultCode = 'STORAGE.FULL' | 'STORAGE.UNAVAILABLE';

export type ResourceFault = Readonly<{
  status: 503 | 507;
  body: ApiErrorBody & { code: ResourceFaultCode };
  retryAfterSeconds: number;
}>;

const FULL: ResourceFault = {
  status: 507,
  body: { code: 'STORAGE.FULL', message: 'The storage behind this service is full; nothing was saved.', errors: [] },
  retryAfterSeconds: 60,
};

const UNAVAILABLE: ResourceFault = {
  status: 503,
  body: {
    code: 'STORAGE.UNAVAILABLE',
    message: 'The database behind this service cannot be reached; nothing was saved. Retry later.',
    errors: [],
  },
  retryAfterSeconds: 5,
};

/** Disk full: SQLite's and PostgreSQL's own codes, and the file system's. */
const FULL_CODES: ReadonlySet<string> = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100']);

/**
 * The database not answering or refusing for now: a socket that does not connect or was cut,
 * PostgreSQL shutting down, starting, out of connections or memory (class 08 and 57P0x, 53200,
 * 53300), SQLite's file unreadable or locked beyond the busy timeout.
 */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53200',
  '53300',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
]);

/** node-postgres reports a pool that could not connect in time, or a dropped connection, by message only. */
const UNAVAILABLE_MESSAGES = [
  /^timeout exceeded when trying to connect$/,
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^Client has encountered a connection error and is not queryable$/,
];

/**
 * A failure of a resource rather than of the code: answered with its own status, a code that
 * names the cause and Retry-After, never as a generic 500. Duck-typed on `code`: driver errors
 * (better-sqlite3 is native) need not share this realm's Error.
 */
export const resourceFaultOf = (error: unknown): ResourceFault | null => {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (FULL_CODES.has(code)) return FULL;
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || code.startsWith('SQLITE_IOERR')) return UNAVAILABLE;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return UNAVAILABLE;
  return null;
};
