import type { Event } from '../common/event';
import type { Severity } from '../common/scales';

export const ALERT_OUTCOMES = ['actioned', 'false_positive', 'reclassified'] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'escalated', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * Every alert event names its alert and client, so a consumer (read model, Kafka, SSE) can route
 * any one of them without the alert's history.
 */
export type AlertRef = Readonly<{ alertId: string; clientId: string }>;

export type AlertRaised = Event<
  'AlertRaised',
  {
    alertId: string;
    clientId: string;
    ruleId: string;
    ruleVersion: number;
    /** 1 for the first alert of (rule, client), counting up after each resolution. */
    episode: number;
    severity: Severity;
    reason: string;
    /** Ids of the events whose reading raised it (empty for the clock sweep). */
    evidence: string[];
    /** The rule's stage within its severity when raised (absent for rules without stages). */
    stage?: number;
    raisedAt: string;
    dueBy: string;
  }
>;

export type AlertAcknowledged = Event<
  'AlertAcknowledged',
  AlertRef & { acknowledgedBy: string; acknowledgedAt: string }
>;

/**
 * A worse reading from the monitor (`to` = 'risk_monitor', new severity and due time) or an
 * officer handing the alert on (`to` = a role or team, severity optional).
 */
export type AlertEscalated = Event<
  'AlertEscalated',
  AlertRef & {
    from: Severity;
    severity: Severity;
    to: string;
    reason: string;
    evidence: string[];
    /** The monitor's new stage, when the facts worsened within the same severity. */
    stage?: number;
    escalatedAt: string;
    dueBy: string;
  }
>;

export type AlertResolved = Event<
  'AlertResolved',
  AlertRef & { outcome: AlertOutcome; note: string; resolvedBy: string; resolvedAt: string }
>;

export type AlertReopened = Event<
  'AlertReopened',
  AlertRef & { reason: string; reopenedBy: string; reopenedAt: string; dueBy: string }
>;

/**
 * The life of one early-warning alert, stream `alert-<alertId>`. Raised by the risk monitor,
 * worked by risk officers. `reason` and `note` are short business texts the rules and officers
 * write about credit facts (never a client's name or contact details).
 */
export type AlertEvent = AlertRaised | AlertAcknowledged | AlertEscalated | AlertResolved | AlertReopened;
export type AlertEventType = AlertEvent['type'];

export const ALERT_EVENT_TYPES: readonly AlertEventType[] = [
  'AlertRaised',
  'AlertAcknowledged',
  'AlertEscalated',
  'AlertResolved',
  'AlertReopened',
];

export const alertStreamId = (alertId: string): string => `alert-${alertId}`;
