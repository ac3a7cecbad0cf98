import type { ComplaintChannel, ComplaintDeadline, ComplaintOutcome, ComplaintSeverity } from '@crm/domain';
import type { ClientScope } from '@crm/policy';
import { changedClientRows, type ClientRows } from '../client-view/client-rows';
import type { ClientView, ComplaintStatus } from '../client-view/client-view';

/**
 * One complaint as the `complaints` table keeps it (read-model migration 11): its deadlines and
 * what became of it, with the client's branch and covering manager now (the lists' scope), and no
 * text. Derived from the client's view (complaintRowsOfView), so a client's rows are rewritten
 * whenever they differ: a reassignment moves them, a rebuild builds them with the views.
 */
export type ComplaintRow = Readonly<{
  complaintId: string;
  clientId: string;
  branchId: string;
  /** The client's covering manager now; null while nobody covers it. */
  managerId: string | null;
  category: string;
  severity: ComplaintSeverity | null;
  channel: ComplaintChannel | null;
  status: ComplaintStatus;
  receivedAt: string;
  acknowledgeBy: string | null;
  dueBy: string | null;
  acknowledgedAt: string | null;
  escalated: readonly ComplaintDeadline[];
  resolvedAt: string | null;
  outcome: ComplaintOutcome | null;
  redressAmount: string | null;
  currency: string | null;
}>;

/** Every status a complaint row may have, in the order a complaint passes through them. */
export const COMPLAINT_LIST_STATUSES: readonly ComplaintStatus[] = ['open', 'acknowledged', 'resolved'];

export const complaintRowsOfView = (view: ClientView): ComplaintRow[] =>
  (view.complaintsTracked ?? []).map((c) => ({
    complaintId: c.complaintId,
    clientId: view.id,
    branchId: view.branchId,
    managerId: view.manager?.id ?? null,
    category: c.category,
    severity: c.severity,
    channel: c.channel,
    status: c.status,
    receivedAt: c.receivedAt,
    acknowledgeBy: c.acknowledgeBy,
    dueBy: c.dueBy,
    acknowledgedAt: c.acknowledgedAt,
    escalated: c.escalated,
    resolvedAt: c.resolvedAt,
    outcome: c.outcome,
    redressAmount: c.redressAmount,
    currency: c.currency,
  }));

export type ClientComplaints = ClientRows<ComplaintRow>;

/** The client's complaint rows when a batch changed them, else null. */
export const complaintChangeOf = (before: ClientView | null, after: ClientView): ClientComplaints | null =>
  changedClientRows(before, after, complaintRowsOfView);

/**
 * Overdue at `now` (epoch ms): not resolved and past its resolution deadline, or not acknowledged
 * (nor resolved) and past its acknowledgement deadline. A deadline passes once its instant is
 * behind, as the sweep judges it: at the due time itself it is still met. The list's SQL filter
 * (sql.complaint.repository.ts) states the same condition.
 */
export const isComplaintOverdue = (
  complaint: Pick<ComplaintRow, 'status' | 'acknowledgeBy' | 'dueBy'>,
  now: number,
): boolean =>
  (complaint.status !== 'resolved' && complaint.dueBy !== null && Date.parse(complaint.dueBy) < now) ||
  (complaint.status === 'open' && complaint.acknowledgeBy !== null && Date.parse(complaint.acknowledgeBy) < now);

/** A complaint in the list: its row, and whether it is overdue at the time of the request. */
export type ComplaintListItem = ComplaintRow & Readonly<{ overdue: boolean }>;

export type ComplaintPage = Readonly<{ items: readonly ComplaintListItem[]; nextCursor: string | null }>;

export type ComplaintListQuery = Readonly<{
  scope?: ClientScope;
  branchId?: string;
  statuses?: readonly ComplaintStatus[];
  /** true: only those overdue at `now`; false: only those not overdue; absent: both. */
  overdue?: boolean;
  cursor?: string;
  limit: number;
}>;

/** Keyset position of the list, newest received first: the last row of the previous page. */
export type ComplaintListAfter = Readonly<{ receivedAt: string; complaintId: string }>;
