import type { ClientViewQueries } from '../client-view/client-view.queries';
import { InvalidQueryError } from '../queries/invalid-query.error';
import type { AlertListAfter, ReadModelStore } from '../store/read-model-store.port';
import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import type { AlertListQuery, AlertPage, AlertView } from './alert-view';

export const DEFAULT_ALERT_LIMIT = 50;
export const MAX_ALERT_LIMIT = 200;

export const validAlertLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ALERT_LIMIT) {
    throw new InvalidQueryError('limit', `limit must be an integer from 1 to ${MAX_ALERT_LIMIT}`);
  }
  return limit;
};

/** Alert ids as the API accepts them in paths (`EW-DPD.<clientUuid>.1`). */
export const ALERT_ID_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * Pages are keyed on (raisedAt, alertId), newest first: an alert raised while someone pages sorts
 * before every cursor already handed out, so it never shifts later pages (no duplicates, no gaps;
 * it shows up on a new first page). The cursor is the last row's key, versioned and
 * base64url-encoded so callers treat it as opaque.
 */
const CURSOR_PREFIX = 'a1:';
const RAISED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,400}$/;

export const encodeAlertCursor = (last: AlertListAfter): string =>
  Buffer.from(`${CURSOR_PREFIX}${last.raisedAt}|${last.alertId}`, 'utf8').toString('base64url');

/** The key after which the page starts; throws InvalidCursorError for anything no page handed out. */
export const decodeAlertCursor = (cursor: string): AlertListAfter => {
  if (BASE64URL.test(cursor)) {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const separator = text.indexOf('|');
    if (text.startsWith(CURSOR_PREFIX) && separator > 0) {
      const raisedAt = text.slice(CURSOR_PREFIX.length, separator);
      const alertId = text.slice(separator + 1);
      if (RAISED_AT.test(raisedAt) && ALERT_ID_PATTERN.test(alertId)) return { raisedAt, alertId };
    }
  }
  throw new InvalidCursorError('cursor', 'cursor must be a nextCursor from a previous page');
};

/**
 * What the API asks of the alerts read model. The alerts are one of the client read models
 * (same projector, same checkpoint), so read-your-writes is `ClientViewQueries.waitForPosition`.
 */
export class AlertQueries {
  constructor(
    private readonly store: ReadModelStore,
    private readonly views: ClientViewQueries,
  ) {}

  /** True once the projection has committed `position`; false after `timeoutMs` (see ClientViewQueries). */
  waitForPosition(position: bigint, timeoutMs?: number): Promise<boolean> {
    return this.views.waitForPosition(position, timeoutMs);
  }

  getAlert(alertId: string): Promise<AlertView | null> {
    return this.store.alerts.getAlert(alertId);
  }

  /** Throws InvalidQueryError (InvalidCursorError for `cursor`) for a limit outside 1…200 or a cursor no page handed out. */
  async listAlerts(query: AlertListQuery): Promise<AlertPage> {
    const limit = validAlertLimit(query.limit);
    const after = query.cursor === undefined ? null : decodeAlertCursor(query.cursor);
    // One row more than asked tells whether another page exists without a COUNT.
    const rows = await this.store.alerts.listAlerts(query, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit ? encodeAlertCursor({ raisedAt: last.raisedAt, alertId: last.id }) : null,
    };
  }
}
