import type { FeedbackStatus, FeedbackTheme } from '@crm/domain';
import { changedClientRows, type ClientRows } from '../client-view/client-rows';
import type { ClientView } from '../client-view/client-view';

/**
 * One forwarded feedback as the `feedback` table keeps it (read-model migration 12): its department,
 * product, theme, status and times, with the client's branch and covering manager now, and no text
 * or answer. Derived from the client's view (feedbackRowsOfView), so a client's rows are rewritten
 * whenever they differ: a status change or a reassignment rewrites them, a rebuild builds them.
 * The times are what the service levels measure: forwarded → first answer is the department's
 * answer time (answeredAt), decidedAt the latest acceptance or refusal, closedAt implemented or declined.
 */
export type FeedbackRow = Readonly<{
  feedbackId: string;
  clientId: string;
  branchId: string;
  /** The client's covering manager now; null while nobody covers it. */
  managerId: string | null;
  department: string;
  productCode: string | null;
  theme: FeedbackTheme | null;
  status: FeedbackStatus;
  forwardedAt: string;
  answeredAt: string | null;
  decidedAt: string | null;
  closedAt: string | null;
}>;

export const feedbackRowsOfView = (view: ClientView): FeedbackRow[] =>
  (view.feedbackTracked ?? []).map((f) => ({
    feedbackId: f.feedbackId,
    clientId: view.id,
    branchId: view.branchId,
    managerId: view.manager?.id ?? null,
    department: f.department,
    productCode: f.productCode,
    theme: f.theme,
    status: f.status,
    forwardedAt: f.forwardedAt,
    answeredAt: f.answeredAt,
    decidedAt: f.decidedAt,
    closedAt: f.closedAt,
  }));

export type ClientFeedback = ClientRows<FeedbackRow>;

/** The client's feedback rows when a batch changed them, else null. */
export const feedbackChangeOf = (before: ClientView | null, after: ClientView): ClientFeedback | null =>
  changedClientRows(before, after, feedbackRowsOfView);

export type FeedbackQueueQuery = Readonly<{
  department: string;
  statuses?: readonly FeedbackStatus[];
  cursor?: string;
  limit: number;
}>;

/** Keyset position of a queue, oldest forwarded first: the last row of the previous page. */
export type FeedbackQueueAfter = Readonly<{ forwardedAt: string; feedbackId: string }>;

export type FeedbackQueuePage = Readonly<{ items: readonly FeedbackRow[]; nextCursor: string | null }>;

/** How many feedback rows of a product there are per theme and status (`theme` null: none given). */
export type FeedbackCount = Readonly<{ theme: FeedbackTheme | null; status: FeedbackStatus; count: number }>;
