import { dueByFor } from '../alert/alert.sla';
import { requireOn, requireText } from '../client/validation';
import type { Decider } from '../common/decider';
import { assertNever } from '../common/decider';
import { conflict, invalid, notFound, ruleViolation, type DomainErrorCode } from '../common/domain-error';
import { rank, SEVERITIES, type Severity } from '../common/scales';
import type {
  AssignRiskCase,
  CommentOnRiskCase,
  MarkRiskCaseOverdue,
  RiskCaseCommand,
  TrackCaseAlert,
} from './risk-case.commands';
import type { RiskCaseEvent, RiskCaseRef } from './risk-case.events';
import { riskCaseIdFor } from './risk-case-id';
import {
  initialRiskCaseState,
  type CaseAlertState,
  type ExistingRiskCaseState,
  type RiskCaseState,
} from './risk-case.state';

const CASE_INVALID: DomainErrorCode = 'RISK_CASE.INVALID_VALUE';

const MAX_ID = 200;
const MAX_COMMENT = 4000;
const MAX_EPISODE = 1_000_000;

const boundedText = (value: unknown, field: string, max: number): string => {
  const text = requireText(value, field, CASE_INVALID);
  if (text.length > max) throw invalid(CASE_INVALID, `${field} must be at most ${max} characters`, field);
  return text;
};

const refOf = (state: ExistingRiskCaseState): RiskCaseRef => ({ caseId: state.caseId, clientId: state.clientId });

const worse = (a: Severity, b: Severity): Severity => (rank(SEVERITIES, a) >= rank(SEVERITIES, b) ? a : b);

/** The case's severity: the worst of its open alerts (the last one's while none is open). */
const worstOpen = (alerts: Readonly<Record<string, CaseAlertState>>, fallback: Severity): Severity => {
  const open = Object.values(alerts).filter((alert) => alert.open);
  return open.length === 0 ? fallback : open.map((alert) => alert.severity).reduce(worse);
};

/**
 * The due time after the case's severity moves from `from` to `to` at `now`. A worse severity
 * brings the SLA of that severity from now, but never later than the time already running: a new
 * alert must not buy an old case more time. A better one keeps the due time (the work is as late
 * as it was).
 */
const dueAfter = (state: ExistingRiskCaseState, to: Severity, command: TrackCaseAlert): string => {
  if (rank(SEVERITIES, to) <= rank(SEVERITIES, state.severity)) return state.dueBy;
  const fresh = dueByFor(to, command.metadata.now, command.metadata.calendar);
  return Date.parse(fresh) < Date.parse(state.dueBy) ? fresh : state.dueBy;
};

// ---------------------------------------------------------------------------------------------
// decide
// ---------------------------------------------------------------------------------------------

export const decideRiskCase = (command: RiskCaseCommand, state: RiskCaseState): RiskCaseEvent[] => {
  switch (command.type) {
    case 'TrackCaseAlert':
      return trackCaseAlert(command, state);
    case 'AssignRiskCase':
      return assignRiskCase(command, state);
    case 'MarkRiskCaseOverdue':
      return markOverdue(command, state);
    case 'CommentOnRiskCase':
      return commentOnRiskCase(command, state);
    default:
      return assertNever(command);
  }
};

const requireExisting = (state: RiskCaseState): ExistingRiskCaseState => {
  if (state.status === 'none') throw notFound('RISK_CASE.NOT_FOUND', 'risk case does not exist');
  return state;
};

const requireOpen = (state: RiskCaseState): ExistingRiskCaseState => {
  const existing = requireExisting(state);
  if (existing.status === 'closed') throw conflict('RISK_CASE.CLOSED', `risk case ${existing.caseId} is closed`);
  return existing;
};

const trackCaseAlert = (command: TrackCaseAlert, state: RiskCaseState): RiskCaseEvent[] => {
  const { data, metadata } = command;
  const clientId = boundedText(data.clientId, 'clientId', MAX_ID);
  if (!Number.isInteger(data.episode) || data.episode < 1 || data.episode > MAX_EPISODE) {
    throw invalid(CASE_INVALID, `episode must be an integer from 1 to ${MAX_EPISODE}`, 'episode');
  }
  const caseId = boundedText(data.caseId, 'caseId', MAX_ID);
  if (caseId !== riskCaseIdFor(clientId, data.episode)) {
    throw invalid(CASE_INVALID, 'caseId must be the id of the client and episode', 'caseId');
  }
  const alertId = boundedText(data.alertId, 'alertId', MAX_ID);
  const ruleId = boundedText(data.ruleId, 'ruleId', MAX_ID);
  const severity = requireOn(SEVERITIES, data.severity, 'severity', CASE_INVALID);
  const alert = { alertId, ruleId, severity };
  const now = metadata.now;

  if (state.status === 'none') {
    // A resolved alert never opens a case: it is a replay of history the case has already seen,
    // or an alert resolved before the keeper reached it.
    if (!data.open) return [];
    return [
      {
        type: 'RiskCaseOpened',
        data: {
          caseId,
          clientId,
          episode: data.episode,
          alert,
          severity,
          openedAt: now,
          dueBy: dueByFor(severity, now, metadata.calendar),
        },
      },
    ];
  }
  const existing = requireOpen(state);
  const known = existing.alerts[alertId];
  if (!data.open) {
    if (known === undefined || !known.open) return [];
    const alerts = { ...existing.alerts, [alertId]: { ...known, open: false } };
    const remaining = Object.values(alerts).some((a) => a.open);
    const caseSeverity = worstOpen(alerts, existing.severity);
    return [
      {
        type: 'RiskCaseAlertResolved',
        data: { ...refOf(existing), alertId, severity: caseSeverity, resolvedAt: now, dueBy: existing.dueBy },
      },
      ...(remaining ? [] : [{ type: 'RiskCaseClosed' as const, data: { ...refOf(existing), closedAt: now } }]),
    ];
  }
  if (known !== undefined && known.open && known.severity === severity) return [];
  const alerts = { ...existing.alerts, [alertId]: { ruleId, severity, open: true } };
  const caseSeverity = worstOpen(alerts, existing.severity);
  const dueBy = dueAfter(existing, caseSeverity, command);
  if (known !== undefined && known.open) {
    return [
      {
        type: 'RiskCaseAlertChanged',
        data: { ...refOf(existing), alert, severity: caseSeverity, changedAt: now, dueBy },
      },
    ];
  }
  return [
    { type: 'RiskCaseAlertJoined', data: { ...refOf(existing), alert, severity: caseSeverity, joinedAt: now, dueBy } },
  ];
};

/** Assigning the case to whom it is assigned already records nothing (a repeated PUT). */
const assignRiskCase = ({ data, metadata }: AssignRiskCase, state: RiskCaseState): RiskCaseEvent[] => {
  const assignee = boundedText(data.assignee, 'assignee', MAX_ID);
  const existing = requireOpen(state);
  if (existing.assignee === assignee) return [];
  return [
    {
      type: 'RiskCaseAssigned',
      data: { ...refOf(existing), assignee, assignedBy: metadata.actor.userId, assignedAt: metadata.now },
    },
  ];
};

/** Once per case: a sweep that runs again, or finds a closed case, records nothing. */
const markOverdue = ({ metadata }: MarkRiskCaseOverdue, state: RiskCaseState): RiskCaseEvent[] => {
  const existing = requireExisting(state);
  if (existing.status !== 'open' || existing.overdue) return [];
  if (Date.parse(metadata.now) < Date.parse(existing.dueBy)) return [];
  return [
    {
      type: 'RiskCaseOverdue',
      data: { ...refOf(existing), severity: existing.severity, dueBy: existing.dueBy, detectedAt: metadata.now },
    },
  ];
};

/**
 * Open and closed cases take comments (a closed case may still need its story told). Never on an
 * erased client: the text would be new personal data about someone who asked to be forgotten.
 */
const commentOnRiskCase = ({ data, metadata }: CommentOnRiskCase, state: RiskCaseState): RiskCaseEvent[] => {
  const commentId = boundedText(data.commentId, 'commentId', MAX_ID);
  const text = boundedText(data.text, 'text', MAX_COMMENT);
  const existing = requireExisting(state);
  if (existing.commentIds.includes(commentId)) return [];
  if (data.clientErased) {
    throw ruleViolation(
      'CLIENT.PERSONAL_DATA_ERASED',
      "the client's personal data was erased; no new comments are recorded about them",
    );
  }
  return [
    {
      type: 'RiskCaseCommented',
      data: { ...refOf(existing), commentId, text, author: metadata.actor.userId, commentedAt: metadata.now },
    },
  ];
};

// ---------------------------------------------------------------------------------------------
// evolve
// ---------------------------------------------------------------------------------------------

export const evolveRiskCase = (state: RiskCaseState, event: RiskCaseEvent): RiskCaseState => {
  if (event.type === 'RiskCaseOpened') {
    const { caseId, clientId, episode, alert, severity, dueBy } = event.data;
    return {
      status: 'open',
      caseId,
      clientId,
      episode,
      alerts: { [alert.alertId]: { ruleId: alert.ruleId, severity: alert.severity, open: true } },
      severity,
      dueBy,
      assignee: null,
      overdue: false,
      commentIds: [],
    };
  }
  // A later fact on a stream that was never opened cannot be folded meaningfully; ignore it.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RiskCaseAlertJoined':
    case 'RiskCaseAlertChanged': {
      const { alert, severity, dueBy } = event.data;
      return {
        ...state,
        alerts: { ...state.alerts, [alert.alertId]: { ruleId: alert.ruleId, severity: alert.severity, open: true } },
        severity,
        dueBy,
      };
    }
    case 'RiskCaseAlertResolved': {
      const known = state.alerts[event.data.alertId];
      const alerts =
        known === undefined ? state.alerts : { ...state.alerts, [event.data.alertId]: { ...known, open: false } };
      return { ...state, alerts, severity: event.data.severity, dueBy: event.data.dueBy };
    }
    case 'RiskCaseClosed':
      return { ...state, status: 'closed' };
    case 'RiskCaseAssigned':
      return { ...state, assignee: event.data.assignee };
    case 'RiskCaseOverdue':
      return { ...state, overdue: true };
    case 'RiskCaseCommented':
      return { ...state, commentIds: [...state.commentIds, event.data.commentId] };
    default:
      return assertNever(event);
  }
};

export const riskCaseDecider: Decider<RiskCaseState, RiskCaseCommand, RiskCaseEvent> = {
  decide: decideRiskCase,
  evolve: evolveRiskCase,
  initialState: () => initialRiskCaseState,
};
