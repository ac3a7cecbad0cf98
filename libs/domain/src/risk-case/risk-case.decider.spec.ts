import { cn2026Calendar, commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { Severity } from '../common/scales';
import type { RiskCaseCommand } from './risk-case.commands';
import { riskCaseDecider } from './risk-case.decider';
import type { RiskCaseEvent } from './risk-case.events';
import { parseRiskCaseId, riskCaseIdFor } from './risk-case-id';

const OPENED_AT = '2026-03-02T10:00:00.000Z'; // a Monday
const NOW = '2026-03-02T11:00:00.000Z';
const metadata = { now: NOW, actor: { userId: 'u-7', role: 'risk_officer' as const }, calendar: cn2026Calendar() };

const cmd = commandFactory<RiskCaseCommand>(metadata);
const ev = eventFactory<RiskCaseEvent>();
const spec = DeciderSpecification.for(riskCaseDecider);

const ref = { caseId: 'c-1.1', clientId: 'c-1' };
const track = (alertId: string, severity: Severity, open: boolean) =>
  cmd('TrackCaseAlert', { ...ref, episode: 1, alertId, ruleId: alertId.split('.')[0], severity, open });
const alertOf = (alertId: string, severity: Severity) => ({ alertId, ruleId: alertId.split('.')[0], severity });

// Medium: 3 business days; high: 1; critical: 4 calendar hours.
const MEDIUM_DUE = '2026-03-05T10:00:00.000Z';
const opened = ev('RiskCaseOpened', {
  ...ref,
  episode: 1,
  alert: alertOf('EW-UTIL.c-1.1', 'medium'),
  severity: 'medium',
  openedAt: OPENED_AT,
  dueBy: MEDIUM_DUE,
});
const HIGH_DUE = '2026-03-03T10:00:00.000Z';
const joinedHigh = ev('RiskCaseAlertJoined', {
  ...ref,
  alert: alertOf('EW-DPD.c-1.1', 'high'),
  severity: 'high',
  joinedAt: OPENED_AT,
  dueBy: HIGH_DUE,
});

describe('TrackCaseAlert', () => {
  test('the first open alert opens the case, due by the SLA of its severity', () => {
    spec
      .given([])
      .when(track('EW-UTIL.c-1.1', 'medium', true))
      .then([
        ev('RiskCaseOpened', {
          ...ref,
          episode: 1,
          alert: alertOf('EW-UTIL.c-1.1', 'medium'),
          severity: 'medium',
          openedAt: NOW,
          dueBy: '2026-03-05T11:00:00.000Z',
        }),
      ]);
  });

  test('a resolved alert opens nothing', () => {
    spec
      .given([])
      .when(track('EW-UTIL.c-1.1', 'medium', false))
      .then([]);
  });

  test('a worse alert joins and takes the case to its severity and an earlier due time', () => {
    spec
      .given([opened])
      .when(track('EW-DPD.c-1.1', 'high', true))
      .then([
        ev('RiskCaseAlertJoined', {
          ...ref,
          alert: alertOf('EW-DPD.c-1.1', 'high'),
          severity: 'high',
          joinedAt: NOW,
          dueBy: '2026-03-03T11:00:00.000Z',
        }),
      ]);
  });

  test('a milder alert joins without moving severity or due time', () => {
    spec
      .given([opened])
      .when(track('EW-NPS.c-1.1', 'low', true))
      .then([
        ev('RiskCaseAlertJoined', {
          ...ref,
          alert: alertOf('EW-NPS.c-1.1', 'low'),
          severity: 'medium',
          joinedAt: NOW,
          dueBy: MEDIUM_DUE,
        }),
      ]);
  });

  test('a worse severity never buys the case more time than it has left', () => {
    const lateLow = ev('RiskCaseOpened', {
      ...ref,
      episode: 1,
      openedAt: OPENED_AT,
      severity: 'low',
      alert: alertOf('EW-UTIL.c-1.1', 'low'),
      dueBy: '2026-03-02T12:00:00.000Z',
    });
    spec
      .given([lateLow])
      .when(track('EW-UTIL.c-1.1', 'medium', true))
      .then([
        ev('RiskCaseAlertChanged', {
          ...ref,
          alert: alertOf('EW-UTIL.c-1.1', 'medium'),
          severity: 'medium',
          changedAt: NOW,
          dueBy: '2026-03-02T12:00:00.000Z',
        }),
      ]);
  });

  test('an escalated alert changes the case severity', () => {
    spec
      .given([opened])
      .when(track('EW-UTIL.c-1.1', 'critical', true))
      .then([
        ev('RiskCaseAlertChanged', {
          ...ref,
          alert: alertOf('EW-UTIL.c-1.1', 'critical'),
          severity: 'critical',
          changedAt: NOW,
          dueBy: '2026-03-02T15:00:00.000Z',
        }),
      ]);
  });

  test('the same standing again records nothing (a replay)', () => {
    spec
      .given([opened, joinedHigh])
      .when(track('EW-DPD.c-1.1', 'high', true))
      .then([]);
    spec
      .given([opened])
      .when(track('EW-DPD.c-1.1', 'high', false))
      .then([]);
  });

  test('resolving one of two alerts leaves the case open at the worst remaining severity', () => {
    spec
      .given([opened, joinedHigh])
      .when(track('EW-DPD.c-1.1', 'high', false))
      .then([
        ev('RiskCaseAlertResolved', {
          ...ref,
          alertId: 'EW-DPD.c-1.1',
          severity: 'medium',
          resolvedAt: NOW,
          dueBy: HIGH_DUE,
        }),
      ]);
  });

  test('resolving the last open alert closes the case', () => {
    const firstResolved = ev('RiskCaseAlertResolved', {
      ...ref,
      alertId: 'EW-DPD.c-1.1',
      severity: 'medium',
      resolvedAt: NOW,
      dueBy: HIGH_DUE,
    });
    spec
      .given([opened, joinedHigh, firstResolved])
      .when(track('EW-UTIL.c-1.1', 'medium', false))
      .then([
        ev('RiskCaseAlertResolved', {
          ...ref,
          alertId: 'EW-UTIL.c-1.1',
          severity: 'medium',
          resolvedAt: NOW,
          dueBy: HIGH_DUE,
        }),
        ev('RiskCaseClosed', { ...ref, closedAt: NOW }),
      ]);
  });

  test('a closed case answers RISK_CASE.CLOSED, so the keeper moves to the next case', () => {
    spec
      .given([opened, ev('RiskCaseClosed', { ...ref, closedAt: NOW })])
      .when(track('EW-DPD.c-1.1', 'high', true))
      .thenThrows('RISK_CASE.CLOSED', { kind: 'conflict' });
  });

  test('a case id that is not the client and episode is refused', () => {
    spec
      .given([])
      .when(
        cmd('TrackCaseAlert', {
          ...ref,
          caseId: 'c-2.1',
          episode: 1,
          alertId: 'a',
          ruleId: 'r',
          severity: 'low',
          open: true,
        }),
      )
      .thenThrows('RISK_CASE.INVALID_VALUE', { kind: 'invalid', field: 'caseId' });
  });
});

describe('AssignRiskCase', () => {
  test('records the assignee and who assigned', () => {
    spec
      .given([opened])
      .when(cmd('AssignRiskCase', { assignee: 'officer-2' }))
      .then([ev('RiskCaseAssigned', { ...ref, assignee: 'officer-2', assignedBy: 'u-7', assignedAt: NOW })]);
  });

  test('the same assignee again records nothing', () => {
    const assigned = ev('RiskCaseAssigned', { ...ref, assignee: 'officer-2', assignedBy: 'u-7', assignedAt: NOW });
    spec
      .given([opened, assigned])
      .when(cmd('AssignRiskCase', { assignee: 'officer-2' }))
      .then([]);
  });

  test('an unknown case is not found, a closed one is a conflict, a blank assignee invalid', () => {
    spec
      .given([])
      .when(cmd('AssignRiskCase', { assignee: 'x' }))
      .thenThrows('RISK_CASE.NOT_FOUND', { kind: 'not_found' });
    spec
      .given([opened, ev('RiskCaseClosed', { ...ref, closedAt: NOW })])
      .when(cmd('AssignRiskCase', { assignee: 'x' }))
      .thenThrows('RISK_CASE.CLOSED', { kind: 'conflict' });
    spec
      .given([opened])
      .when(cmd('AssignRiskCase', { assignee: ' ' }))
      .thenThrows('RISK_CASE.INVALID_VALUE', { kind: 'invalid', field: 'assignee' });
  });
});

describe('MarkRiskCaseOverdue', () => {
  const at = (now: string) => ({ type: 'MarkRiskCaseOverdue' as const, data: {}, metadata: { ...metadata, now } });

  test('past its due time, an open case is overdue once', () => {
    const overdue = ev('RiskCaseOverdue', {
      ...ref,
      severity: 'medium',
      dueBy: MEDIUM_DUE,
      detectedAt: '2026-03-05T10:00:00.000Z',
    });
    spec.given([opened]).when(at('2026-03-05T10:00:00.000Z')).then([overdue]);
    spec.given([opened, overdue]).when(at('2026-03-06T10:00:00.000Z')).then([]);
  });

  test('before its due time, or closed, nothing', () => {
    spec.given([opened]).when(at('2026-03-05T09:59:59.999Z')).then([]);
    spec
      .given([opened, ev('RiskCaseClosed', { ...ref, closedAt: NOW })])
      .when(at('2026-04-01T00:00:00.000Z'))
      .then([]);
  });
});

describe('riskCaseIdFor', () => {
  test('is the client and episode, and parses back', () => {
    expect(riskCaseIdFor('c-1', 3)).toBe('c-1.3');
    expect(parseRiskCaseId('c-1.3')).toEqual({ clientId: 'c-1', episode: 3 });
    expect(parseRiskCaseId('c-1.03')).toBeNull();
    expect(parseRiskCaseId('c-1')).toBeNull();
    expect(() => riskCaseIdFor('c-1', 0)).toThrow(RangeError);
  });
});

describe('CommentOnRiskCase', () => {
  const comment = (commentId: string, clientErased = false) =>
    cmd('CommentOnRiskCase', { commentId, text: 'CFO says the spike is a one-off', clientErased });
  const commented = ev('RiskCaseCommented', {
    ...ref,
    commentId: 'k-1',
    text: 'CFO says the spike is a one-off',
    author: 'u-7',
    commentedAt: NOW,
  });

  test('records the text, its author and time, on an open or a closed case', () => {
    spec.given([opened]).when(comment('k-1')).then([commented]);
    spec
      .given([opened, ev('RiskCaseClosed', { ...ref, closedAt: NOW })])
      .when(comment('k-1'))
      .then([commented]);
  });

  test('the same comment id again records nothing', () => {
    spec.given([opened, commented]).when(comment('k-1')).then([]);
  });

  test('no comment about an erased client, on an unknown case, or without text', () => {
    spec
      .given([opened])
      .when(comment('k-2', true))
      .thenThrows('CLIENT.PERSONAL_DATA_ERASED', { kind: 'rule_violation' });
    spec.given([]).when(comment('k-2')).thenThrows('RISK_CASE.NOT_FOUND', { kind: 'not_found' });
    spec
      .given([opened])
      .when(cmd('CommentOnRiskCase', { commentId: 'k-3', text: '  ', clientErased: false }))
      .thenThrows('RISK_CASE.INVALID_VALUE', { kind: 'invalid', field: 'text' });
  });
});
