import { validAlertLimit } from '../alerts/alert.queries';
import type { ReadModelStore } from '../store/read-model-store.port';
import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import type { FeedbackQueueAfter, FeedbackQueuePage, FeedbackQueueQuery, FeedbackRow } from './feedback-row';
import { productFeedbackOf, type ProductFeedback } from './product-feedback';

export const DEFAULT_FEEDBACK_LIMIT = 50;

/**
 * Pages are keyed on (forwardedAt, feedbackId), oldest forwarded first (a queue is worked from its
 * oldest): forwarding never changes, so a page read once stays where it was and new feedback comes
 * at the end. The cursor is the last row's key, versioned and base64url-encoded so callers treat it as opaque.
 */
const CURSOR_PREFIX = 'f1:';
const FORWARDED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const FEEDBACK_ID = /^[A-Za-z0-9._-]{1,200}$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,400}$/;

export const encodeFeedbackCursor = (last: FeedbackQueueAfter): string =>
  Buffer.from(`${CURSOR_PREFIX}${last.forwardedAt}|${last.feedbackId}`, 'utf8').toString('base64url');

/** The key after which the page starts; throws InvalidCursorError for anything no page handed out. */
export const decodeFeedbackCursor = (cursor: string): FeedbackQueueAfter => {
  if (BASE64URL.test(cursor)) {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const separator = text.indexOf('|');
    if (text.startsWith(CURSOR_PREFIX) && separator > 0) {
      const forwardedAt = text.slice(CURSOR_PREFIX.length, separator);
      const feedbackId = text.slice(separator + 1);
      if (FORWARDED_AT.test(forwardedAt) && FEEDBACK_ID.test(feedbackId)) return { forwardedAt, feedbackId };
    }
  }
  throw new InvalidCursorError('cursor', 'cursor must be a nextCursor from a previous page');
};

/** The departments' queues and the products' feedback counts, from the `feedback` rows the client projector keeps. */
export class FeedbackQueries {
  constructor(private readonly store: ReadModelStore) {}

  /**
   * One page of a department's queue, oldest forwarded first. Throws InvalidQueryError
   * (InvalidCursorError for `cursor`) for a limit outside 1…200 or a cursor no page handed out.
   */
  async queue(query: FeedbackQueueQuery): Promise<FeedbackQueuePage> {
    const limit = validAlertLimit(query.limit);
    const after = query.cursor === undefined ? null : decodeFeedbackCursor(query.cursor);
    // One row more than asked tells whether another page exists without a COUNT.
    const rows = await this.store.feedback.queue(query, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit
          ? encodeFeedbackCursor({ forwardedAt: last.forwardedAt, feedbackId: last.feedbackId })
          : null,
    };
  }

  /** The feedback `feedbackId` of the department's queue; null when it has none such (or it is another's). */
  async inQueue(department: string, feedbackId: string): Promise<FeedbackRow | null> {
    const row = await this.store.feedback.feedback(feedbackId);
    return row !== null && row.department === department ? row : null;
  }

  /** How much feedback the product collected, by theme and status. */
  async product(productCode: string): Promise<ProductFeedback> {
    return productFeedbackOf(productCode, await this.store.feedback.productCounts(productCode));
  }
}
