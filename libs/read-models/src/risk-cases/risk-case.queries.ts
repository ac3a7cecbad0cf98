import { validAlertLimit } from '../alerts/alert.queries';
import type { ReadModelStore } from '../store/read-model-store.port';
import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import type { RiskCaseListAfter, RiskCaseListQuery, RiskCasePage } from './risk-case-row';

export const DEFAULT_RISK_CASE_LIMIT = 50;

/**
 * Pages are keyed on (dueBy, caseId), soonest due first. A case's due time can move (a worse alert
 * brings it forward), so a case may move across pages already read: each page is exact for its
 * moment, as any list of work ordered by urgency is. The cursor is the last row's key, versioned
 * and base64url-encoded so callers treat it as opaque.
 */
const CURSOR_PREFIX = 'c1:';
const DUE_BY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CASE_ID = /^[A-Za-z0-9._-]{1,200}$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,400}$/;

export const encodeRiskCaseCursor = (last: RiskCaseListAfter): string =>
  Buffer.from(`${CURSOR_PREFIX}${last.dueBy}|${last.caseId}`, 'utf8').toString('base64url');

/** The key after which the page starts; throws InvalidCursorError for anything no page handed out. */
export const decodeRiskCaseCursor = (cursor: string): RiskCaseListAfter => {
  if (BASE64URL.test(cursor)) {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const separator = text.indexOf('|');
    if (text.startsWith(CURSOR_PREFIX) && separator > 0) {
      const dueBy = text.slice(CURSOR_PREFIX.length, separator);
      const caseId = text.slice(separator + 1);
      if (DUE_BY.test(dueBy) && CASE_ID.test(caseId)) return { dueBy, caseId };
    }
  }
  throw new InvalidCursorError('cursor', 'cursor must be a nextCursor from a previous page');
};

/** The case list, from the `risk_cases` rows the client read models' projector keeps. */
export class RiskCaseQueries {
  constructor(private readonly store: ReadModelStore) {}

  /** Throws InvalidQueryError (InvalidCursorError for `cursor`) for a limit outside 1…200 or a cursor no page handed out. */
  async listCases(query: RiskCaseListQuery): Promise<RiskCasePage> {
    const limit = validAlertLimit(query.limit);
    const after = query.cursor === undefined ? null : decodeRiskCaseCursor(query.cursor);
    // One row more than asked tells whether another page exists without a COUNT.
    const rows = await this.store.riskCases.listCases(query, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit ? encodeRiskCaseCursor({ dueBy: last.dueBy, caseId: last.id }) : null,
    };
  }
}
