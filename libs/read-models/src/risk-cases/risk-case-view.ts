import { RISK_CASE_EVENT_TYPES, type RiskCaseEvent, type RiskCaseEventType, type Severity } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';

/** One alert of a case as the case has it (the alert's own details are in the alerts read model). */
export type RiskCaseAlertView = Readonly<{
  alertId: string;
  ruleId: string;
  severity: Severity;
  open: boolean;
  /** When it (last) joined the case. */
  joinedAt: string;
  /** When it left the case resolved; null while open. */
  resolvedAt: string | null;
}>;

/**
 * A comment on the case. `body` is the comment's text ("[erased]" once the client is erased); not
 * named `text`, which the masking for risk officers removes: officers write and read these.
 */
export type RiskCaseCommentView = Readonly<{ commentId: string; author: string; body: string; commentedAt: string }>;

/** One event of the case, without its data: what happened, when and by whom. */
export type RiskCaseTimelineEntry = Readonly<{
  revision: number;
  type: string;
  recordedAt: string;
  actor: string;
  alertId: string | null;
  severity: Severity | null;
  assignee: string | null;
}>;

/** A risk case folded from its stream (`risk-case-<id>`), at read time: streams of cases are short. */
export type RiskCaseView = Readonly<{
  id: string;
  clientId: string;
  episode: number;
  status: 'open' | 'closed';
  /** The worst open alert's (the last one's once closed). */
  severity: Severity;
  openedAt: string;
  dueBy: string;
  overdue: boolean;
  overdueAt: string | null;
  closedAt: string | null;
  assignee: string | null;
  assignedAt: string | null;
  alerts: readonly RiskCaseAlertView[];
  /** Oldest first. */
  comments: readonly RiskCaseCommentView[];
  timeline: readonly RiskCaseTimelineEntry[];
  /** Revision of the case's stream: the ETag, and what If-Match takes on its commands. */
  revision: number;
  position: string;
  updatedAt: string;
}>;

const CASE_TYPES: ReadonlySet<string> = new Set<RiskCaseEventType>(RISK_CASE_EVENT_TYPES);

/** A recorded case event as the domain types it; null for a type this build does not know. */
export const asCaseEvent = (recorded: RecordedEvent): RiskCaseEvent | null =>
  CASE_TYPES.has(recorded.type) ? ({ type: recorded.type, data: recorded.data } as RiskCaseEvent) : null;

const entryOf = (recorded: RecordedEvent, event: RiskCaseEvent | null): RiskCaseTimelineEntry => {
  const base = {
    revision: recorded.revision,
    type: recorded.type,
    recordedAt: recorded.recordedAt,
    actor: recorded.metadata.actor.userId,
  };
  switch (event?.type) {
    case 'RiskCaseOpened':
      return { ...base, alertId: event.data.alert.alertId, severity: event.data.severity, assignee: null };
    case 'RiskCaseAlertJoined':
    case 'RiskCaseAlertChanged':
      return { ...base, alertId: event.data.alert.alertId, severity: event.data.severity, assignee: null };
    case 'RiskCaseAlertResolved':
      return { ...base, alertId: event.data.alertId, severity: event.data.severity, assignee: null };
    case 'RiskCaseAssigned':
      return { ...base, alertId: null, severity: null, assignee: event.data.assignee };
    case 'RiskCaseOverdue':
      return { ...base, alertId: null, severity: event.data.severity, assignee: null };
    default:
      // Closed, or a type from a newer build: the entry still says what and when.
      return { ...base, alertId: null, severity: null, assignee: null };
  }
};

type Draft = { -readonly [K in keyof RiskCaseView]: RiskCaseView[K] } & { alertsById: Map<string, RiskCaseAlertView> };

const apply = (draft: Draft, event: RiskCaseEvent, at: string): void => {
  switch (event.type) {
    case 'RiskCaseOpened':
      return;
    case 'RiskCaseAlertJoined':
    case 'RiskCaseAlertChanged': {
      const { alert } = event.data;
      const known = draft.alertsById.get(alert.alertId);
      const rejoined = event.type === 'RiskCaseAlertJoined' || known === undefined;
      draft.alertsById.set(alert.alertId, {
        alertId: alert.alertId,
        ruleId: alert.ruleId,
        severity: alert.severity,
        open: true,
        joinedAt: rejoined ? at : known.joinedAt,
        resolvedAt: null,
      });
      draft.severity = event.data.severity;
      draft.dueBy = event.data.dueBy;
      return;
    }
    case 'RiskCaseAlertResolved': {
      const known = draft.alertsById.get(event.data.alertId);
      if (known !== undefined) draft.alertsById.set(known.alertId, { ...known, open: false, resolvedAt: at });
      draft.severity = event.data.severity;
      draft.dueBy = event.data.dueBy;
      return;
    }
    case 'RiskCaseClosed':
      draft.status = 'closed';
      draft.closedAt = at;
      return;
    case 'RiskCaseAssigned':
      draft.assignee = event.data.assignee;
      draft.assignedAt = at;
      return;
    case 'RiskCaseOverdue':
      draft.overdue = true;
      draft.overdueAt = at;
      return;
    case 'RiskCaseCommented':
      draft.comments = [
        ...draft.comments,
        { commentId: event.data.commentId, author: event.data.author, body: event.data.text, commentedAt: at },
      ];
      return;
  }
};

/**
 * The case as its events tell it; null for a stream that does not start with RiskCaseOpened (no
 * such case). Times are the ones the events carry (openedAt, joinedAt, …).
 */
export const riskCaseViewOf = (events: readonly RecordedEvent[]): RiskCaseView | null => {
  const [first] = events;
  const opened = first === undefined ? null : asCaseEvent(first);
  if (first === undefined || opened?.type !== 'RiskCaseOpened') return null;
  const { caseId, clientId, episode, alert, severity, openedAt, dueBy } = opened.data;
  const draft: Draft = {
    id: caseId,
    clientId,
    episode,
    status: 'open',
    severity,
    openedAt,
    dueBy,
    overdue: false,
    overdueAt: null,
    closedAt: null,
    assignee: null,
    assignedAt: null,
    alerts: [],
    comments: [],
    timeline: [],
    revision: first.revision,
    position: first.position.toString(),
    updatedAt: first.recordedAt,
    alertsById: new Map([
      [
        alert.alertId,
        {
          alertId: alert.alertId,
          ruleId: alert.ruleId,
          severity: alert.severity,
          open: true,
          joinedAt: openedAt,
          resolvedAt: null,
        },
      ],
    ]),
  };
  const timeline: RiskCaseTimelineEntry[] = [];
  for (const recorded of events) {
    const event = asCaseEvent(recorded);
    if (event !== null) apply(draft, event, timeOf(event));
    timeline.push(entryOf(recorded, event));
    draft.revision = recorded.revision;
    draft.position = recorded.position.toString();
    draft.updatedAt = recorded.recordedAt;
  }
  const { alertsById, ...view } = draft;
  return { ...view, alerts: [...alertsById.values()], timeline: timeline.reverse() };
};

/** The time an event says its change happened (the keeper's alert time, the sweep's clock). */
const timeOf = (event: RiskCaseEvent): string => {
  switch (event.type) {
    case 'RiskCaseOpened':
      return event.data.openedAt;
    case 'RiskCaseAlertJoined':
      return event.data.joinedAt;
    case 'RiskCaseAlertChanged':
      return event.data.changedAt;
    case 'RiskCaseAlertResolved':
      return event.data.resolvedAt;
    case 'RiskCaseClosed':
      return event.data.closedAt;
    case 'RiskCaseAssigned':
      return event.data.assignedAt;
    case 'RiskCaseOverdue':
      return event.data.detectedAt;
    case 'RiskCaseCommented':
      return event.data.commentedAt;
  }
};
