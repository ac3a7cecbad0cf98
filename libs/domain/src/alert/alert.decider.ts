import type { Decider } from '../common/decider';
import { assertNever } from '../common/decider';
import { conflict, invalid, notFound, ruleViolation, type DomainErrorCode } from '../common/domain-error';
import { rank, SEVERITIES, type Severity } from '../common/scales';
import { requireOn, requireText } from '../client/validation';
import type {
  AcknowledgeAlert,
  AlertCommand,
  EscalateAlert,
  RaiseAlert,
  ReopenAlert,
  ResolveAlert,
} from './alert.commands';
import { ALERT_OUTCOMES, type AlertEvent, type AlertRef } from './alert.events';
import { dueByFor } from './alert.sla';
import { initialAlertState, type AlertState, type ExistingAlertState } from './alert.state';

const ALERT_INVALID: DomainErrorCode = 'ALERT.INVALID_VALUE';

/** The monitor's name in `to` when a worse reading escalates an alert. */
const MONITOR = 'risk_monitor';

/**
 * Bounds on free text: alerts are streamed to every risk officer's screen and onto Kafka, so a
 * runaway reason or evidence list must be refused here rather than fan out.
 */
const MAX_ID = 128;
const MAX_REASON = 500;
const MAX_NOTE = 2000;
const MAX_TO = 100;
const MAX_EVIDENCE = 100;
const MAX_VERSION = 1_000_000;
const MAX_EPISODE = 1_000_000;
const MAX_STAGE = 100;

const boundedText = (value: unknown, field: string, max: number): string => {
  const text = requireText(value, field, ALERT_INVALID);
  if (text.length > max) throw invalid(ALERT_INVALID, `${field} must be at most ${max} characters`, field);
  return text;
};

const positiveInteger = (value: unknown, field: string, max: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(ALERT_INVALID, `${field} must be an integer from 1 to ${max}`, field);
  }
  return value;
};

const nonNegativeInteger = (value: unknown, field: string, max: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(ALERT_INVALID, `${field} must be an integer from 0 to ${max}`, field);
  }
  return value;
};

const evidenceList = (value: unknown): string[] => {
  if (!Array.isArray(value) || value.length > MAX_EVIDENCE) {
    throw invalid(ALERT_INVALID, `evidence must be a list of at most ${MAX_EVIDENCE} event ids`, 'evidence');
  }
  return value.map((item: unknown) => boundedText(item, 'evidence', MAX_ID));
};

/** Manager ids may be null (the caller is no manager, or the client has none), never blank. */
const managerIdOrNull = (value: unknown, field: string): string | null =>
  value === null ? null : boundedText(value, field, MAX_ID);

/** Every alert event names its alert and client (AlertRef), so consumers can route it alone. */
const refOf = (state: ExistingAlertState): AlertRef => ({ alertId: state.alertId, clientId: state.clientId });

const isWorse = (candidate: Severity, current: Severity): boolean =>
  rank(SEVERITIES, candidate) > rank(SEVERITIES, current);

/** The four-eyes rule (docs/decisions.md §22) applies to these severities only. */
const needsFourEyes = (severity: Severity): boolean => severity === 'high' || severity === 'critical';

// ---------------------------------------------------------------------------------------------
// decide
// ---------------------------------------------------------------------------------------------

export const decideAlert = (command: AlertCommand, state: AlertState): AlertEvent[] => {
  switch (command.type) {
    case 'RaiseAlert':
      return raiseAlert(command, state);
    case 'AcknowledgeAlert':
      return acknowledgeAlert(command, requireExisting(state));
    case 'EscalateAlert':
      return escalateAlert(command, state);
    case 'ResolveAlert':
      return resolveAlert(command, state);
    case 'ReopenAlert':
      return reopenAlert(command, state);
    default:
      return assertNever(command);
  }
};

const requireExisting = (state: AlertState): ExistingAlertState => {
  if (state.status === 'none') throw notFound('ALERT.NOT_FOUND', 'alert does not exist');
  return state;
};

const requireUnresolved = (state: AlertState): ExistingAlertState => {
  const existing = requireExisting(state);
  if (existing.status === 'resolved') throw conflict('ALERT.RESOLVED', `alert ${existing.alertId} is resolved`);
  return existing;
};

/**
 * The monitor's reading. A new stream raises the alert; a worse reading of a live alert escalates
 * it; anything else is a no-op, so a redelivered or repeated reading writes nothing. A resolved
 * alert is refused: that episode is closed and the monitor raises the next one.
 */
const raiseAlert = ({ data, metadata }: RaiseAlert, state: AlertState): AlertEvent[] => {
  const alertId = boundedText(data.alertId, 'alertId', MAX_ID);
  const clientId = boundedText(data.clientId, 'clientId', MAX_ID);
  const ruleId = boundedText(data.ruleId, 'ruleId', MAX_ID);
  const ruleVersion = positiveInteger(data.ruleVersion, 'ruleVersion', MAX_VERSION);
  const episode = positiveInteger(data.episode, 'episode', MAX_EPISODE);
  const severity = requireOn(SEVERITIES, data.severity, 'severity', ALERT_INVALID);
  const reason = boundedText(data.reason, 'reason', MAX_REASON);
  const evidence = evidenceList(data.evidence);
  const stage = data.stage === undefined ? 0 : nonNegativeInteger(data.stage, 'stage', MAX_STAGE);
  const now = metadata.now;

  if (state.status === 'none') {
    return [
      {
        type: 'AlertRaised',
        data: {
          alertId,
          clientId,
          ruleId,
          ruleVersion,
          episode,
          severity,
          reason,
          evidence,
          ...(stage > 0 ? { stage } : {}),
          raisedAt: now,
          dueBy: dueByFor(severity, now, metadata.calendar),
        },
      },
    ];
  }
  const existing = requireUnresolved(state);
  const worseSeverity = isWorse(severity, existing.severity);
  // Facts that worsen within one severity (60 → 90 days past due at critical, doubtful → loss)
  // escalate too, so every step is seen; the due time stays, the severity has not changed.
  const laterStage = severity === existing.severity && stage > (existing.stage ?? 0);
  if (!worseSeverity && !laterStage) return [];
  return [
    {
      type: 'AlertEscalated',
      data: {
        ...refOf(existing),
        from: existing.severity,
        severity,
        to: MONITOR,
        reason,
        evidence,
        ...(stage > 0 ? { stage } : {}),
        escalatedAt: now,
        dueBy: worseSeverity ? dueByFor(severity, now, metadata.calendar) : existing.dueBy,
      },
    },
  ];
};

const acknowledgeAlert = ({ metadata }: AcknowledgeAlert, state: ExistingAlertState): AlertEvent[] => {
  if (state.status === 'resolved') throw conflict('ALERT.RESOLVED', `alert ${state.alertId} is resolved`);
  if (state.status === 'acknowledged') {
    throw conflict('ALERT.ALREADY_ACKNOWLEDGED', `alert ${state.alertId} is already acknowledged`);
  }
  return [
    {
      type: 'AlertAcknowledged',
      data: { ...refOf(state), acknowledgedBy: metadata.actor.userId, acknowledgedAt: metadata.now },
    },
  ];
};

/**
 * An officer hands the alert on, optionally at a higher severity. The due time moves only when
 * the severity does: passing an alert to another desk does not buy it more time.
 */
const escalateAlert = ({ data, metadata }: EscalateAlert, state: AlertState): AlertEvent[] => {
  const to = boundedText(data.to, 'to', MAX_TO);
  const reason = boundedText(data.reason, 'reason', MAX_REASON);
  const requested =
    data.severity === undefined ? undefined : requireOn(SEVERITIES, data.severity, 'severity', ALERT_INVALID);
  const existing = requireUnresolved(state);
  const severity = requested ?? existing.severity;
  if (isWorse(existing.severity, severity)) {
    throw ruleViolation(
      'ALERT.SEVERITY_DOWNGRADE',
      `an escalation cannot lower severity from ${existing.severity} to ${severity}`,
      'severity',
    );
  }
  const dueBy = severity === existing.severity ? existing.dueBy : dueByFor(severity, metadata.now, metadata.calendar);
  return [
    {
      type: 'AlertEscalated',
      data: {
        ...refOf(existing),
        from: existing.severity,
        severity,
        to,
        reason,
        evidence: [],
        escalatedAt: metadata.now,
        dueBy,
      },
    },
  ];
};

const resolveAlert = ({ data, metadata }: ResolveAlert, state: AlertState): AlertEvent[] => {
  const outcome = requireOn(ALERT_OUTCOMES, data.outcome, 'outcome', ALERT_INVALID);
  const note = boundedText(data.note, 'note', MAX_NOTE);
  const clientManagerId = managerIdOrNull(data.clientManagerId, 'clientManagerId');
  const resolverManagerId = managerIdOrNull(data.resolverManagerId, 'resolverManagerId');
  const existing = requireUnresolved(state);
  // Four eyes: the manager who owns the relationship may not wave off a serious alert about it.
  if (
    outcome === 'false_positive' &&
    needsFourEyes(existing.severity) &&
    resolverManagerId !== null &&
    resolverManagerId === clientManagerId
  ) {
    throw ruleViolation(
      'ALERT.FOUR_EYES_REQUIRED',
      `a ${existing.severity} alert can be resolved as a false positive only by someone other than the client's manager`,
    );
  }
  return [
    {
      type: 'AlertResolved',
      data: { ...refOf(existing), outcome, note, resolvedBy: metadata.actor.userId, resolvedAt: metadata.now },
    },
  ];
};

const reopenAlert = ({ data, metadata }: ReopenAlert, state: AlertState): AlertEvent[] => {
  const reason = boundedText(data.reason, 'reason', MAX_REASON);
  const existing = requireExisting(state);
  if (existing.status !== 'resolved') throw conflict('ALERT.NOT_RESOLVED', `alert ${existing.alertId} is not resolved`);
  return [
    {
      type: 'AlertReopened',
      data: {
        ...refOf(existing),
        reason,
        reopenedBy: metadata.actor.userId,
        reopenedAt: metadata.now,
        dueBy: dueByFor(existing.severity, metadata.now, metadata.calendar),
      },
    },
  ];
};

// ---------------------------------------------------------------------------------------------
// evolve
// ---------------------------------------------------------------------------------------------

export const evolveAlert = (state: AlertState, event: AlertEvent): AlertState => {
  if (event.type === 'AlertRaised') {
    const { alertId, clientId, ruleId, ruleVersion, episode, severity, raisedAt, dueBy, stage } = event.data;
    return {
      status: 'open',
      alertId,
      clientId,
      ruleId,
      ruleVersion,
      episode,
      severity,
      raisedAt,
      dueBy,
      ...(stage === undefined ? {} : { stage }),
    };
  }
  // A later fact on a stream that was never raised cannot be folded meaningfully; ignore it.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AlertAcknowledged':
      return { ...state, status: 'acknowledged' };
    case 'AlertEscalated':
      return {
        ...state,
        status: 'escalated',
        severity: event.data.severity,
        dueBy: event.data.dueBy,
        ...(event.data.stage === undefined ? {} : { stage: event.data.stage }),
      };
    case 'AlertResolved':
      return { ...state, status: 'resolved', outcome: event.data.outcome };
    case 'AlertReopened': {
      const { outcome: _dropped, ...rest } = state;
      return { ...rest, status: 'open', dueBy: event.data.dueBy };
    }
    default:
      return assertNever(event);
  }
};

export const alertDecider: Decider<AlertState, AlertCommand, AlertEvent> = {
  decide: decideAlert,
  evolve: evolveAlert,
  initialState: () => initialAlertState,
};
