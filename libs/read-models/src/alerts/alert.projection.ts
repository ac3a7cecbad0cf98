import { ALERT_EVENT_TYPES, assertNever, type AlertEvent, type AlertEventType, type AlertRaised } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import type { ClientView, OpenAlertView } from '../client-view/client-view';
import type { AlertClientContext, AlertView } from './alert-view';

/**
 * Folds of the alert streams (`alert-<alertId>`): one `alerts` row per alert, and the open alerts
 * of the client view. Pure and deterministic, like the client-view fold, so a replay writes the
 * same rows.
 */
const ALERT_TYPES: ReadonlySet<string> = new Set<AlertEventType>(ALERT_EVENT_TYPES);

export const ALERT_STREAM_PREFIX = 'alert-';

export const isAlertStream = (streamId: string): boolean => streamId.startsWith(ALERT_STREAM_PREFIX);
export const alertIdOfStream = (streamId: string): string => streamId.slice(ALERT_STREAM_PREFIX.length);

/** The domain event behind a recorded alert-stream event, or null for a type this build does not know. */
export const asAlertEvent = (event: RecordedEvent): AlertEvent | null =>
  ALERT_TYPES.has(event.type) ? ({ type: event.type, data: event.data } as AlertEvent) : null;

/**
 * The client an alert or risk-case event is about. Every event of those streams names it in
 * `data.clientId` (even types from a newer build follow that convention); null when the data does not.
 */
export const clientIdNamedBy = (event: RecordedEvent): string | null => {
  const data = event.data as { clientId?: unknown } | null;
  return typeof data === 'object' && data !== null && typeof data.clientId === 'string' ? data.clientId : null;
};

/**
 * Folds one recorded alert-stream event into its row; `context` is the client's branch and manager
 * as the client view has them now. Null until the stream starts with AlertRaised.
 */
export const evolveAlertView = (
  row: AlertView | null,
  recorded: RecordedEvent,
  context: AlertClientContext,
): AlertView | null => {
  const event = asAlertEvent(recorded);
  if (row === null) return event?.type === 'AlertRaised' ? raised(event, recorded, context) : null;
  // A type from a newer build still moves the revision, so ETags stay aligned with the stream.
  return {
    ...row,
    ...(event === null ? UNCHANGED : changesOf(row, event)),
    branchId: context.branchId,
    managerId: context.managerId,
    revision: recorded.revision,
    position: recorded.position.toString(),
    updatedAt: recorded.recordedAt,
  };
};

type AlertChanges = Partial<Omit<AlertView, 'id' | 'clientId' | 'revision' | 'position' | 'updatedAt'>>;

const UNCHANGED: AlertChanges = Object.freeze({});

/** Times as the rows store them: UTC with milliseconds, so they sort as text and the cursor compares exactly. */
const utc = (time: string): string => {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString();
};

const raised = (event: AlertRaised, recorded: RecordedEvent, context: AlertClientContext): AlertView => ({
  // The stream name is the identity rows are keyed by.
  id: alertIdOfStream(recorded.streamId),
  clientId: event.data.clientId,
  ruleId: event.data.ruleId,
  ruleVersion: event.data.ruleVersion,
  episode: event.data.episode,
  severity: event.data.severity,
  status: 'open',
  reason: event.data.reason,
  evidence: [...event.data.evidence],
  raisedAt: utc(event.data.raisedAt),
  dueBy: utc(event.data.dueBy),
  acknowledgedBy: null,
  acknowledgedAt: null,
  escalatedTo: null,
  escalatedAt: null,
  outcome: null,
  note: null,
  resolvedBy: null,
  resolvedAt: null,
  reopenedAt: null,
  branchId: context.branchId,
  managerId: context.managerId,
  revision: recorded.revision,
  position: recorded.position.toString(),
  updatedAt: recorded.recordedAt,
});

const changesOf = (row: AlertView, event: AlertEvent): AlertChanges => {
  switch (event.type) {
    case 'AlertRaised':
      // A stream is raised once; the decider escalates an open alert instead of raising it again.
      return UNCHANGED;
    case 'AlertAcknowledged':
      return {
        status: 'acknowledged',
        acknowledgedBy: event.data.acknowledgedBy,
        acknowledgedAt: utc(event.data.acknowledgedAt),
      };
    case 'AlertEscalated':
      return {
        status: 'escalated',
        severity: event.data.severity,
        escalatedTo: event.data.to,
        escalatedAt: utc(event.data.escalatedAt),
        reason: event.data.reason,
        // An officer's hand-over carries no new reading; the monitor's does.
        evidence: event.data.evidence.length > 0 ? [...event.data.evidence] : row.evidence,
        dueBy: utc(event.data.dueBy),
      };
    case 'AlertResolved':
      return {
        status: 'resolved',
        outcome: event.data.outcome,
        note: event.data.note,
        resolvedBy: event.data.resolvedBy,
        resolvedAt: utc(event.data.resolvedAt),
      };
    case 'AlertReopened':
      // A new working cycle: the acknowledgement and the resolution belonged to the last one.
      return {
        status: 'open',
        reason: event.data.reason,
        reopenedAt: utc(event.data.reopenedAt),
        dueBy: utc(event.data.dueBy),
        acknowledgedBy: null,
        acknowledgedAt: null,
        outcome: null,
        note: null,
        resolvedBy: null,
        resolvedAt: null,
      };
    default:
      return assertNever(event);
  }
};

/** The client view's entry for an alert; null once it is resolved (the view lists open alerts only). */
export const openAlertOf = (row: AlertView): OpenAlertView | null =>
  row.status === 'resolved'
    ? null
    : { id: row.id, ruleId: row.ruleId, severity: row.severity, status: row.status, dueBy: row.dueBy };

/**
 * The client view with `row`'s entry added, updated or removed; the same object when nothing
 * changes. The view's revision, position and updatedAt stay those of the client's own stream:
 * they are its ETag and read-your-writes stamp, and alert events are not in that stream.
 */
export const withAlert = (view: ClientView, row: AlertView): ClientView => {
  const entry = openAlertOf(row);
  const index = view.openAlerts.findIndex((alert) => alert.id === row.id);
  if (entry === null) {
    return index < 0 ? view : { ...view, openAlerts: view.openAlerts.filter((_, i) => i !== index) };
  }
  if (index < 0) return { ...view, openAlerts: [...view.openAlerts, entry] };
  const current = view.openAlerts[index];
  if (
    current.ruleId === entry.ruleId &&
    current.severity === entry.severity &&
    current.status === entry.status &&
    current.dueBy === entry.dueBy
  ) {
    return view;
  }
  return { ...view, openAlerts: view.openAlerts.map((alert, i) => (i === index ? entry : alert)) };
};
