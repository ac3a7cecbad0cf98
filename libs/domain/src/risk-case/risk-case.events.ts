import type { Event } from '../common/event';
import type { Severity } from '../common/scales';

/** Every case event names its case and client, so a consumer can route any one of them alone. */
export type RiskCaseRef = Readonly<{ caseId: string; clientId: string }>;

/** An alert as the case sees it: which rule, and how bad it is now. */
export type RiskCaseAlert = Readonly<{ alertId: string; ruleId: string; severity: Severity }>;

/**
 * The first open alert about a client opens a case. `severity` and `dueBy` are the case's
 * (here: the first alert's severity, due by the SLA of that severity from `openedAt`).
 */
export type RiskCaseOpened = Event<
  'RiskCaseOpened',
  RiskCaseRef & {
    /** 1 for the client's first case, counting up after each closure. */
    episode: number;
    alert: RiskCaseAlert;
    severity: Severity;
    openedAt: string;
    dueBy: string;
  }
>;

/** An open alert joins the open case (a further alert, or a resolved one reopened). */
export type RiskCaseAlertJoined = Event<
  'RiskCaseAlertJoined',
  RiskCaseRef & { alert: RiskCaseAlert; severity: Severity; joinedAt: string; dueBy: string }
>;

/** An alert of the case changed severity (escalated by the monitor or an officer). */
export type RiskCaseAlertChanged = Event<
  'RiskCaseAlertChanged',
  RiskCaseRef & { alert: RiskCaseAlert; severity: Severity; changedAt: string; dueBy: string }
>;

/** An alert of the case was resolved; `severity` is the worst of those still open. */
export type RiskCaseAlertResolved = Event<
  'RiskCaseAlertResolved',
  RiskCaseRef & { alertId: string; severity: Severity; resolvedAt: string; dueBy: string }
>;

/** The last open alert of the case was resolved; the client's next open alert opens a new case. */
export type RiskCaseClosed = Event<'RiskCaseClosed', RiskCaseRef & { closedAt: string }>;

export type RiskCaseAssigned = Event<
  'RiskCaseAssigned',
  RiskCaseRef & { assignee: string; assignedBy: string; assignedAt: string }
>;

/** The case passed its due time while open; raised once per case by the monitor's sweep. */
export type RiskCaseOverdue = Event<
  'RiskCaseOverdue',
  RiskCaseRef & { severity: Severity; dueBy: string; detectedAt: string }
>;

/**
 * A note on the case by an officer or the client's manager. `text` is personal data (it may name
 * people and their affairs): the store seals it with the client's data key and it reads
 * "[erased]" once the client is erased (RISK_CASE_PERSONAL_DATA_FIELDS).
 */
export type RiskCaseCommented = Event<
  'RiskCaseCommented',
  RiskCaseRef & { commentId: string; text: string; author: string; commentedAt: string }
>;

/**
 * The life of one risk case, stream `risk-case-<caseId>`: the alerts about one client from the
 * first that opens it to the resolution of the last. Opened, joined and closed by the case keeper
 * (a reaction to alert events), assigned by officers, marked overdue by the sweep.
 */
export type RiskCaseEvent =
  | RiskCaseOpened
  | RiskCaseAlertJoined
  | RiskCaseAlertChanged
  | RiskCaseAlertResolved
  | RiskCaseClosed
  | RiskCaseAssigned
  | RiskCaseOverdue
  | RiskCaseCommented;
export type RiskCaseEventType = RiskCaseEvent['type'];

export const RISK_CASE_EVENT_TYPES: readonly RiskCaseEventType[] = [
  'RiskCaseOpened',
  'RiskCaseAlertJoined',
  'RiskCaseAlertChanged',
  'RiskCaseAlertResolved',
  'RiskCaseClosed',
  'RiskCaseAssigned',
  'RiskCaseOverdue',
  'RiskCaseCommented',
];

export const RISK_CASE_STREAM_PREFIX = 'risk-case-';

export const riskCaseStreamId = (caseId: string): string => `${RISK_CASE_STREAM_PREFIX}${caseId}`;
