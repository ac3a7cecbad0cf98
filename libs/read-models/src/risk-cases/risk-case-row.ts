import { RISK_CASE_STREAM_PREFIX, type Severity } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import type { ClientScope } from '@crm/policy';
import { asCaseEvent } from './risk-case-view';

/**
 * One row of the `risk_cases` read model: what the case list filters, sorts and shows. The case's
 * alerts, comments and timeline stay in its stream (GET /v1/risk-cases/:id folds them). Branch and
 * manager are the client's, as its view has them now, like the alert rows'.
 */
export type RiskCaseRow = Readonly<{
  id: string;
  clientId: string;
  episode: number;
  status: 'open' | 'closed';
  severity: Severity;
  openedAt: string;
  dueBy: string;
  overdue: boolean;
  closedAt: string | null;
  assignee: string | null;
  openAlerts: number;
  branchId: string | null;
  managerId: string | null;
  revision: number;
  position: string;
  updatedAt: string;
}>;

export type RiskCaseContext = Readonly<{ branchId: string | null; managerId: string | null }>;

export const isRiskCaseStream = (streamId: string): boolean => streamId.startsWith(RISK_CASE_STREAM_PREFIX);
export const caseIdOfStream = (streamId: string): string => streamId.slice(RISK_CASE_STREAM_PREFIX.length);

/** Times as rows store them (UTC with milliseconds), so they sort as text and cursors compare exactly. */
const utc = (time: string): string => {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString();
};

/**
 * Folds one recorded case event into its row. Pure; null until the stream starts with
 * RiskCaseOpened. A type from a newer build still moves the revision.
 */
export const evolveRiskCaseRow = (
  row: RiskCaseRow | null,
  recorded: RecordedEvent,
  context: RiskCaseContext,
): RiskCaseRow | null => {
  const event = asCaseEvent(recorded);
  const stamp = { revision: recorded.revision, position: recorded.position.toString(), updatedAt: recorded.recordedAt };
  if (row === null) {
    if (event?.type !== 'RiskCaseOpened') return null;
    const { caseId, clientId, episode, severity, openedAt, dueBy } = event.data;
    return {
      id: caseId,
      clientId,
      episode,
      status: 'open',
      severity,
      openedAt: utc(openedAt),
      dueBy: utc(dueBy),
      overdue: false,
      closedAt: null,
      assignee: null,
      openAlerts: 1,
      ...context,
      ...stamp,
    };
  }
  const next = { ...row, ...context, ...stamp };
  switch (event?.type) {
    case 'RiskCaseAlertJoined':
      return { ...next, severity: event.data.severity, dueBy: utc(event.data.dueBy), openAlerts: row.openAlerts + 1 };
    case 'RiskCaseAlertChanged':
      return { ...next, severity: event.data.severity, dueBy: utc(event.data.dueBy) };
    case 'RiskCaseAlertResolved':
      return {
        ...next,
        severity: event.data.severity,
        dueBy: utc(event.data.dueBy),
        openAlerts: Math.max(0, row.openAlerts - 1),
      };
    case 'RiskCaseClosed':
      return { ...next, status: 'closed', closedAt: utc(event.data.closedAt), openAlerts: 0 };
    case 'RiskCaseAssigned':
      return { ...next, assignee: event.data.assignee };
    case 'RiskCaseOverdue':
      return { ...next, overdue: true };
    default:
      // Opened again (a stream opens once), commented, or a type from a newer build.
      return next;
  }
};

/** Sorted by due time, soonest first (what is late or about to be comes first), then by id. */
export type RiskCaseListQuery = Readonly<{
  status?: RiskCaseRow['status'];
  /** Any of these severities; all when absent or empty. */
  severities?: readonly Severity[];
  /** A user id; `none` for cases nobody is assigned. */
  assignee?: string;
  branchId?: string;
  overdue?: boolean;
  cursor?: string;
  /** 1…200. */
  limit: number;
  /** The cases of the clients the caller may see, in the SQL; every case when absent. */
  scope?: ClientScope;
}>;

export type RiskCaseListAfter = Readonly<{ dueBy: string; caseId: string }>;

export type RiskCasePage = Readonly<{ items: readonly RiskCaseRow[]; nextCursor: string | null }>;
