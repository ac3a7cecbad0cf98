import { ALL_CLIENTS, type ClientScope } from '@crm/policy';
import { validAlertLimit } from '../alerts/alert.queries';
import type { ReadModelStore } from '../store/read-model-store.port';
import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import {
  isComplaintOverdue,
  type ComplaintListAfter,
  type ComplaintListQuery,
  type ComplaintPage,
} from './complaint-row';
import { complaintsSummaryOf, monthWindow, type ComplaintsSummary } from './complaints-summary';

export const DEFAULT_COMPLAINT_LIMIT = 50;

/**
 * Pages are keyed on (receivedAt, complaintId), newest received first: a complaint's receipt never
 * changes, so a page read once stays where it was (new complaints appear on the first page). The
 * cursor is the last row's key, versioned and base64url-encoded so callers treat it as opaque.
 */
const CURSOR_PREFIX = 'c1:';
const RECEIVED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const COMPLAINT_ID = /^[A-Za-z0-9._-]{1,200}$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,400}$/;

export const encodeComplaintCursor = (last: ComplaintListAfter): string =>
  Buffer.from(`${CURSOR_PREFIX}${last.receivedAt}|${last.complaintId}`, 'utf8').toString('base64url');

/** The key after which the page starts; throws InvalidCursorError for anything no page handed out. */
export const decodeComplaintCursor = (cursor: string): ComplaintListAfter => {
  if (BASE64URL.test(cursor)) {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const separator = text.indexOf('|');
    if (text.startsWith(CURSOR_PREFIX) && separator > 0) {
      const receivedAt = text.slice(CURSOR_PREFIX.length, separator);
      const complaintId = text.slice(separator + 1);
      if (RECEIVED_AT.test(receivedAt) && COMPLAINT_ID.test(complaintId)) return { receivedAt, complaintId };
    }
  }
  throw new InvalidCursorError('cursor', 'cursor must be a nextCursor from a previous page');
};

/** The complaints list and the branches' monthly summaries, from the `complaints` rows the client projector keeps. */
export class ComplaintQueries {
  constructor(private readonly store: ReadModelStore) {}

  /**
   * One page, newest received first, each item overdue or not at `now`. Throws InvalidQueryError
   * (InvalidCursorError for `cursor`) for a limit outside 1…200 or a cursor no page handed out.
   */
  async listComplaints(query: ComplaintListQuery, now: Date): Promise<ComplaintPage> {
    const limit = validAlertLimit(query.limit);
    const after = query.cursor === undefined ? null : decodeComplaintCursor(query.cursor);
    // One row more than asked tells whether another page exists without a COUNT.
    const rows = await this.store.complaints.listComplaints(query, after, now.toISOString(), limit + 1);
    const items = rows.slice(0, limit).map((row) => ({ ...row, overdue: isComplaintOverdue(row, now.getTime()) }));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit
          ? encodeComplaintCursor({ receivedAt: last.receivedAt, complaintId: last.complaintId })
          : null,
    };
  }

  /** The branch's complaints summary for `month` (YYYY-MM on the bank's wall clock in `timeZone`), within `scope`. */
  async monthlySummary(
    branchId: string,
    month: string,
    timeZone: string,
    scope: ClientScope = ALL_CLIENTS,
  ): Promise<ComplaintsSummary> {
    const window = monthWindow(month, timeZone);
    return complaintsSummaryOf(branchId, window, await this.store.complaints.monthRows(branchId, window, scope));
  }
}
