import {
  ALERT_EVENT_TYPES,
  alertStreamId,
  SEVERITIES,
  type AlertEvent,
  type AlertEventType,
  type Severity,
} from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { traceContextFrom, type TraceContext } from '@crm/platform';
import { toFeedbackAnswerMessage, type FeedbackAnswerMessage } from './alert-feed.feedback';

/** One alert event, ready to write to every connection that wants it: formatted once, sent many times. */
export type AlertEventMessage = Readonly<{
  kind: 'alert';
  /** The event's global position: the SSE `id`, what a client sends back as Last-Event-ID. */
  position: bigint;
  type: AlertEventType;
  alertId: string;
  clientId: string;
  /** The rule, on the event that raised the alert; later events name only the alert. */
  ruleId: string | null;
  /** The alert's severity, on the events that set it (raised, escalated). */
  severity: Severity | null;
  /** The trace the alert event was written in (the risk monitor's raise, an officer's command), if any. */
  trace: TraceContext | null;
  /** The complete SSE frame, `id:`, `event:`, `data:` and the blank line that ends it. */
  frame: string;
}>;

const ALERT_STREAM_PREFIX = alertStreamId('');

type DataOf<T extends AlertEventType> = Extract<AlertEvent, { type: T }>['data'];

/**
 * What of each event's data goes on the wire: an allow-list, so a field added to an event later
 * stays off the feed until someone decides it belongs there. Left out: the officers' free-text
 * `note` and who acknowledged, resolved or reopened (user ids). `reason` is a short business text
 * about credit facts (never personal data, see alert.events.ts); `to` is a role or team.
 */
const PUBLIC_FIELDS: { readonly [T in AlertEventType]: readonly (keyof DataOf<T>)[] } = {
  AlertRaised: [
    'alertId',
    'clientId',
    'ruleId',
    'ruleVersion',
    'episode',
    'severity',
    'reason',
    'evidence',
    'raisedAt',
    'dueBy',
  ],
  AlertAcknowledged: ['alertId', 'clientId', 'acknowledgedAt'],
  AlertEscalated: ['alertId', 'clientId', 'from', 'severity', 'to', 'reason', 'evidence', 'escalatedAt', 'dueBy'],
  AlertResolved: ['alertId', 'clientId', 'outcome', 'resolvedAt'],
  AlertReopened: ['alertId', 'clientId', 'reason', 'reopenedAt', 'dueBy'],
};

const isAlertEventType = (type: string): type is AlertEventType =>
  (ALERT_EVENT_TYPES as readonly string[]).includes(type);

const isSeverity = (value: unknown): value is Severity => (SEVERITIES as readonly unknown[]).includes(value);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the feed sends: an alert event, or a department's answer to a client's feedback. */
export type AlertMessage = AlertEventMessage | FeedbackAnswerMessage;

/**
 * The SSE message for a recorded event, or null when it is neither an alert event nor a feedback
 * answer (or lacks the ids every such event carries: skipped rather than guessed at).
 */
export const toAlertMessage = (event: RecordedEvent): AlertMessage | null =>
  toAlertEventMessage(event) ?? toFeedbackAnswerMessage(event);

const toAlertEventMessage = (event: RecordedEvent): AlertEventMessage | null => {
  if (!event.streamId.startsWith(ALERT_STREAM_PREFIX) || !isAlertEventType(event.type)) return null;
  const data = event.data;
  if (!isRecord(data) || typeof data.alertId !== 'string' || typeof data.clientId !== 'string') return null;

  const trace = traceContextFrom(event.metadata.traceparent, event.metadata.tracestate);
  const publicData: Record<string, unknown> = {};
  for (const field of PUBLIC_FIELDS[event.type] as readonly string[]) {
    if (data[field] !== undefined) publicData[field] = data[field];
  }
  const payload = {
    alertId: data.alertId,
    clientId: data.clientId,
    type: event.type,
    revision: event.revision,
    position: event.position.toString(),
    recordedAt: event.recordedAt,
    // The trace id only (never the span): enough to find the trace from the HTTP call to this alert.
    ...(trace === null ? {} : { traceId: trace.traceId }),
    data: publicData,
  };
  // JSON.stringify escapes CR and LF, so the payload is always a single `data:` line.
  return {
    kind: 'alert',
    position: event.position,
    type: event.type,
    alertId: data.alertId,
    clientId: data.clientId,
    ruleId: typeof data.ruleId === 'string' ? data.ruleId : null,
    severity: isSeverity(data.severity) ? data.severity : null,
    trace,
    frame: `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(payload)}\n\n`,
  };
};
