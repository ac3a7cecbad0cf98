import type { AlertOutcome, AlertStatus, Severity } from '@crm/domain';
import type { ClientScope } from '@crm/policy';

/**
 * One early-warning alert as the `alerts` read model keeps it and `GET /v1/alerts` serves it.
 * Times are ISO-8601 UTC strings.
 */
export type AlertView = Readonly<{
  id: string;
  clientId: string;
  ruleId: string;
  ruleVersion: number;
  /** 1 for the first alert of (rule, client), counting up after each resolution. */
  episode: number;
  severity: Severity;
  status: AlertStatus;
  /** Why the alert is open as it is: the raise's reason, replaced by an escalation's or a reopening's. */
  reason: string;
  /** Ids of the events whose reading raised (or last escalated) it. */
  evidence: readonly string[];
  raisedAt: string;
  dueBy: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** Who the alert was last handed on to (`risk_monitor` for a worse reading from the monitor). */
  escalatedTo: string | null;
  escalatedAt: string | null;
  /** Of the latest resolution; cleared by a reopening. */
  outcome: AlertOutcome | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  reopenedAt: string | null;
  /**
   * The client's branch and covering manager, from the client view: as the projector saw them when
   * the alert last changed, and kept current when the client is reassigned. Null for a client the
   * view does not know.
   */
  branchId: string | null;
  managerId: string | null;
  /** Revision of the alert's stream (`alert-<id>`): the ETag for If-Match on its commands. */
  revision: number;
  /** Global position of the last event folded in, as a decimal string. */
  position: string;
  /** recordedAt of the last event folded in. */
  updatedAt: string;
}>;

/** The client context an alert row carries for filtering (portfolio and branch scoping). */
export type AlertClientContext = Readonly<{ branchId: string | null; managerId: string | null }>;

export type AlertListQuery = Readonly<{
  /** Any of these statuses; all when absent or empty. */
  statuses?: readonly AlertStatus[];
  severity?: Severity;
  clientId?: string;
  ruleId?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** 1…200. */
  limit: number;
  /**
   * The clients whose alerts the caller may see, on the rows' branch and manager columns (in the
   * SQL, so pages and cursors stay exact); every alert when absent. A row whose client the view
   * did not know (branch and manager null) is outside every scope but `all`.
   */
  scope?: ClientScope;
}>;

/** Newest raised first. */
export type AlertPage = Readonly<{ items: readonly AlertView[]; nextCursor: string | null }>;
