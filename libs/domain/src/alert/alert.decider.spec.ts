import { cn2026Calendar, commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { DomainErrorKind } from '../common/domain-error';
import type { Severity } from '../common/scales';
import type { AlertCommand } from './alert.commands';
import { alertDecider, evolveAlert } from './alert.decider';
import type { AlertEvent, AlertOutcome } from './alert.events';
import { initialAlertState } from './alert.state';

const RAISED_AT = '2026-02-27T09:00:00.000Z'; // a Friday
const NOW = '2026-03-02T10:00:00.000Z'; // the Monday after
const metadata = { now: NOW, actor: { userId: 'u-7', role: 'risk_officer' as const }, calendar: cn2026Calendar() };

const cmd = commandFactory<AlertCommand>(metadata);
const ev = eventFactory<AlertEvent>();
const spec = DeciderSpecification.for(alertDecider);

const expectRejection = (
  given: readonly AlertEvent[],
  command: AlertCommand,
  code: string,
  kind: DomainErrorKind,
  field?: string,
): void => {
  spec.given(given).when(command).thenThrows(code, { kind, field });
};

const ref = { alertId: 'EW-DPD.c-1.1', clientId: 'c-1' };
const reading = {
  ...ref,
  ruleId: 'EW-DPD',
  ruleVersion: 1,
  episode: 1,
  severity: 'high' as Severity,
  reason: 'facility F-1 is 35 days past due',
  evidence: ['e-1'],
};

const raisedAs = (severity: Severity, dueBy: string): AlertEvent =>
  ev('AlertRaised', { ...reading, severity, raisedAt: RAISED_AT, dueBy });
const raised = raisedAs('high', '2026-03-02T09:00:00.000Z');
const acknowledged = ev('AlertAcknowledged', { ...ref, acknowledgedBy: 'u-3', acknowledgedAt: RAISED_AT });
const escalated = ev('AlertEscalated', {
  ...ref,
  from: 'high',
  severity: 'high',
  to: 'credit_committee',
  reason: 'needs committee',
  evidence: [],
  escalatedAt: RAISED_AT,
  dueBy: '2026-03-02T09:00:00.000Z',
});
const resolvedAs = (outcome: AlertOutcome): AlertEvent =>
  ev('AlertResolved', { ...ref, outcome, note: 'handled', resolvedBy: 'u-3', resolvedAt: RAISED_AT });
const resolved = resolvedAs('actioned');

describe('RaiseAlert', () => {
  test('a new stream raises the alert, due by the SLA of its severity', () => {
    spec
      .given([])
      .when(cmd('RaiseAlert', reading))
      .then([ev('AlertRaised', { ...reading, raisedAt: NOW, dueBy: '2026-03-03T10:00:00.000Z' })]);
  });

  test('a critical reading is due in four hours', () => {
    spec
      .given([])
      .when(cmd('RaiseAlert', { ...reading, severity: 'critical' }))
      .then([
        ev('AlertRaised', { ...reading, severity: 'critical', raisedAt: NOW, dueBy: '2026-03-02T14:00:00.000Z' }),
      ]);
  });

  test.each([
    ['open', [raised]],
    ['acknowledged', [raised, acknowledged]],
    ['escalated', [raised, escalated]],
  ])('a worse reading escalates an %s alert, re-timed from now', (_status, given) => {
    spec
      .given(given)
      .when(
        cmd('RaiseAlert', {
          ...reading,
          severity: 'critical',
          reason: 'facility F-1 is 95 days past due',
          evidence: ['e-2'],
        }),
      )
      .then([
        ev('AlertEscalated', {
          ...ref,
          from: 'high',
          severity: 'critical',
          to: 'risk_monitor',
          reason: 'facility F-1 is 95 days past due',
          evidence: ['e-2'],
          escalatedAt: NOW,
          dueBy: '2026-03-02T14:00:00.000Z',
        }),
      ]);
  });

  describe('stages within a severity (a DPD bucket, a non-performing category)', () => {
    const stagedRaised = ev('AlertRaised', {
      ...reading,
      severity: 'critical',
      stage: 2,
      raisedAt: RAISED_AT,
      dueBy: '2026-02-27T13:00:00.000Z',
    });

    test('a raised alert keeps its stage', () => {
      spec
        .given([])
        .when(cmd('RaiseAlert', { ...reading, stage: 3 }))
        .then([ev('AlertRaised', { ...reading, stage: 3, raisedAt: NOW, dueBy: '2026-03-03T10:00:00.000Z' })]);
    });

    test('a later stage at the same severity escalates, keeping the due time', () => {
      spec
        .given([stagedRaised])
        .when(cmd('RaiseAlert', { ...reading, severity: 'critical', stage: 3, reason: 'doubtful', evidence: ['e-3'] }))
        .then([
          ev('AlertEscalated', {
            ...ref,
            from: 'critical',
            severity: 'critical',
            to: 'risk_monitor',
            reason: 'doubtful',
            evidence: ['e-3'],
            stage: 3,
            escalatedAt: NOW,
            dueBy: '2026-02-27T13:00:00.000Z',
          }),
        ]);
    });

    test('the same or an earlier stage raises nothing; the stage after an escalation counts', () => {
      spec
        .given([stagedRaised])
        .when(cmd('RaiseAlert', { ...reading, severity: 'critical', stage: 2 }))
        .then([]);
      spec
        .given([stagedRaised])
        .when(cmd('RaiseAlert', { ...reading, severity: 'critical', stage: 1 }))
        .then([]);
      const escalatedTo3 = ev('AlertEscalated', {
        ...ref,
        from: 'critical',
        severity: 'critical',
        to: 'risk_monitor',
        reason: 'doubtful',
        evidence: [],
        stage: 3,
        escalatedAt: RAISED_AT,
        dueBy: '2026-02-27T13:00:00.000Z',
      });
      spec
        .given([stagedRaised, escalatedTo3])
        .when(cmd('RaiseAlert', { ...reading, severity: 'critical', stage: 3 }))
        .then([]);
    });

    test.each([-1, 1.5, 101, '2'])('stage %p is invalid', (stage) => {
      expectRejection(
        [],
        cmd('RaiseAlert', { ...reading, stage: stage as number }),
        'ALERT.INVALID_VALUE',
        'invalid',
        'stage',
      );
    });
  });

  test('the same reading again raises nothing', () => {
    spec.given([raised]).when(cmd('RaiseAlert', reading)).then([]);
  });

  test('a milder reading raises nothing', () => {
    spec
      .given([raised])
      .when(cmd('RaiseAlert', { ...reading, severity: 'medium' }))
      .then([]);
  });

  test('a reading below a severity an officer escalated to raises nothing', () => {
    const toCritical = ev('AlertEscalated', {
      ...ref,
      from: 'high',
      severity: 'critical',
      to: 'cro',
      reason: 'r',
      evidence: [],
      escalatedAt: RAISED_AT,
      dueBy: RAISED_AT,
    });
    spec
      .given([raised, toCritical])
      .when(cmd('RaiseAlert', { ...reading, severity: 'high' }))
      .then([]);
  });

  test('a resolved alert is ALERT.RESOLVED, even for a worse reading, so the monitor opens the next episode', () => {
    expectRejection(
      [raised, resolved],
      cmd('RaiseAlert', { ...reading, severity: 'critical' }),
      'ALERT.RESOLVED',
      'conflict',
    );
  });

  test('a worse reading escalates a reopened alert', () => {
    const reopened = ev('AlertReopened', {
      ...ref,
      reason: 'recurred',
      reopenedBy: 'u-3',
      reopenedAt: RAISED_AT,
      dueBy: RAISED_AT,
    });
    const [event] = alertDecider.decide(
      cmd('RaiseAlert', { ...reading, severity: 'critical' }),
      [raised, resolved, reopened].reduce(evolveAlert, initialAlertState),
    );
    expect(event?.type).toBe('AlertEscalated');
  });

  test.each(['alertId', 'clientId', 'ruleId', 'reason'] as const)('a blank %s is invalid', (field) => {
    expectRejection([], cmd('RaiseAlert', { ...reading, [field]: ' ' }), 'ALERT.INVALID_VALUE', 'invalid', field);
  });

  test('a reason over 500 characters is invalid', () => {
    expectRejection(
      [],
      cmd('RaiseAlert', { ...reading, reason: 'x'.repeat(501) }),
      'ALERT.INVALID_VALUE',
      'invalid',
      'reason',
    );
  });

  test('a severity off the scale is invalid', () => {
    expectRejection(
      [],
      cmd('RaiseAlert', { ...reading, severity: 'severe' as Severity }),
      'ALERT.INVALID_VALUE',
      'invalid',
      'severity',
    );
  });

  test.each([0, 1.5, -1])('a ruleVersion of %p is invalid', (ruleVersion) => {
    expectRejection(
      [],
      cmd('RaiseAlert', { ...reading, ruleVersion }),
      'ALERT.INVALID_VALUE',
      'invalid',
      'ruleVersion',
    );
  });

  test('an episode of 0 is invalid', () => {
    expectRejection([], cmd('RaiseAlert', { ...reading, episode: 0 }), 'ALERT.INVALID_VALUE', 'invalid', 'episode');
  });

  test.each([
    ['not a list', 'e-1' as unknown as string[]],
    ['with a blank id', ['e-1', '']],
    ['over 100 ids', Array.from({ length: 101 }, (_, i) => `e-${i}`)],
  ])('evidence %s is invalid', (_name, evidence) => {
    expectRejection([], cmd('RaiseAlert', { ...reading, evidence }), 'ALERT.INVALID_VALUE', 'invalid', 'evidence');
  });

  test('evidence may be empty (the clock sweep)', () => {
    spec
      .given([])
      .when(cmd('RaiseAlert', { ...reading, evidence: [] }))
      .then([ev('AlertRaised', { ...reading, evidence: [], raisedAt: NOW, dueBy: '2026-03-03T10:00:00.000Z' })]);
  });
});

describe('AcknowledgeAlert', () => {
  const acknowledge = cmd('AcknowledgeAlert', {});
  const acknowledgedNow = ev('AlertAcknowledged', { ...ref, acknowledgedBy: 'u-7', acknowledgedAt: NOW });

  test('acknowledges an open alert', () => {
    spec.given([raised]).when(acknowledge).then([acknowledgedNow]);
  });

  test('acknowledges an escalated alert', () => {
    spec.given([raised, escalated]).when(acknowledge).then([acknowledgedNow]);
  });

  test('an unknown alert is ALERT.NOT_FOUND', () => {
    expectRejection([], acknowledge, 'ALERT.NOT_FOUND', 'not_found');
  });

  test('acknowledging twice is ALERT.ALREADY_ACKNOWLEDGED', () => {
    expectRejection([raised, acknowledged], acknowledge, 'ALERT.ALREADY_ACKNOWLEDGED', 'conflict');
  });

  test('a resolved alert is ALERT.RESOLVED', () => {
    expectRejection([raised, acknowledged, resolved], acknowledge, 'ALERT.RESOLVED', 'conflict');
  });
});

describe('EscalateAlert', () => {
  const handOn = { to: 'credit_committee', reason: 'exposure above branch authority' };
  const escalatedNow = (severity: Severity, dueBy: string): AlertEvent =>
    ev('AlertEscalated', { ...ref, from: 'high', severity, ...handOn, evidence: [], escalatedAt: NOW, dueBy });

  test('hands the alert on at its severity, keeping its due time', () => {
    spec
      .given([raised])
      .when(cmd('EscalateAlert', handOn))
      .then([escalatedNow('high', '2026-03-02T09:00:00.000Z')]);
  });

  test('naming the same severity keeps the due time too', () => {
    spec
      .given([raised, acknowledged])
      .when(cmd('EscalateAlert', { ...handOn, severity: 'high' }))
      .then([escalatedNow('high', '2026-03-02T09:00:00.000Z')]);
  });

  test('a higher severity re-times the alert from now', () => {
    spec
      .given([raised])
      .when(cmd('EscalateAlert', { ...handOn, severity: 'critical' }))
      .then([escalatedNow('critical', '2026-03-02T14:00:00.000Z')]);
  });

  test('an escalated alert can be escalated further', () => {
    spec
      .given([raised, escalated])
      .when(cmd('EscalateAlert', handOn))
      .then([escalatedNow('high', '2026-03-02T09:00:00.000Z')]);
  });

  test('a lower severity is ALERT.SEVERITY_DOWNGRADE', () => {
    expectRejection(
      [raised],
      cmd('EscalateAlert', { ...handOn, severity: 'medium' }),
      'ALERT.SEVERITY_DOWNGRADE',
      'rule_violation',
      'severity',
    );
  });

  test('an unknown alert is ALERT.NOT_FOUND', () => {
    expectRejection([], cmd('EscalateAlert', handOn), 'ALERT.NOT_FOUND', 'not_found');
  });

  test('a resolved alert is ALERT.RESOLVED', () => {
    expectRejection([raised, resolved], cmd('EscalateAlert', handOn), 'ALERT.RESOLVED', 'conflict');
  });

  test.each(['to', 'reason'] as const)('a blank %s is invalid', (field) => {
    expectRejection(
      [raised],
      cmd('EscalateAlert', { ...handOn, [field]: '' }),
      'ALERT.INVALID_VALUE',
      'invalid',
      field,
    );
  });

  test('a `to` over 100 characters is invalid', () => {
    expectRejection(
      [raised],
      cmd('EscalateAlert', { ...handOn, to: 't'.repeat(101) }),
      'ALERT.INVALID_VALUE',
      'invalid',
      'to',
    );
  });

  test('a severity off the scale is invalid', () => {
    expectRejection(
      [raised],
      cmd('EscalateAlert', { ...handOn, severity: 'urgent' as Severity }),
      'ALERT.INVALID_VALUE',
      'invalid',
      'severity',
    );
  });
});

describe('ResolveAlert', () => {
  const resolution = (
    outcome: AlertOutcome,
    resolverManagerId: string | null,
    clientManagerId: string | null = 'm-1',
  ) => cmd('ResolveAlert', { outcome, note: 'checked with the branch', clientManagerId, resolverManagerId });
  const resolvedNow = (outcome: AlertOutcome): AlertEvent =>
    ev('AlertResolved', { ...ref, outcome, note: 'checked with the branch', resolvedBy: 'u-7', resolvedAt: NOW });

  test('resolves an open alert as actioned', () => {
    spec
      .given([raised])
      .when(resolution('actioned', null))
      .then([resolvedNow('actioned')]);
  });

  test('resolves an acknowledged or escalated alert', () => {
    spec
      .given([raised, acknowledged, escalated])
      .when(resolution('reclassified', null))
      .then([resolvedNow('reclassified')]);
  });

  describe('four eyes', () => {
    test.each<Severity>(['high', 'critical'])(
      "the client's own manager may not call a %s alert a false positive",
      (severity) => {
        expectRejection(
          [raisedAs(severity, RAISED_AT)],
          resolution('false_positive', 'm-1'),
          'ALERT.FOUR_EYES_REQUIRED',
          'rule_violation',
        );
      },
    );

    test('applies to the severity after escalation', () => {
      const toHigh = ev('AlertEscalated', {
        ...ref,
        from: 'medium',
        severity: 'high',
        to: 'risk_monitor',
        reason: 'worse',
        evidence: ['e-2'],
        escalatedAt: RAISED_AT,
        dueBy: RAISED_AT,
      });
      expectRejection(
        [raisedAs('medium', RAISED_AT), toHigh],
        resolution('false_positive', 'm-1'),
        'ALERT.FOUR_EYES_REQUIRED',
        'rule_violation',
      );
    });

    test.each<Severity>(['low', 'medium'])('the own manager may call a %s alert a false positive', (severity) => {
      spec
        .given([raisedAs(severity, RAISED_AT)])
        .when(resolution('false_positive', 'm-1'))
        .then([resolvedNow('false_positive')]);
    });

    test('another manager may call a high alert a false positive', () => {
      spec
        .given([raised])
        .when(resolution('false_positive', 'm-2'))
        .then([resolvedNow('false_positive')]);
    });

    test('a caller who is no manager (a risk officer) may call a high alert a false positive', () => {
      spec
        .given([raised])
        .when(resolution('false_positive', null))
        .then([resolvedNow('false_positive')]);
    });

    test('with no covering manager, no manager can be the own one', () => {
      spec
        .given([raised])
        .when(resolution('false_positive', 'm-1', null))
        .then([resolvedNow('false_positive')]);
    });

    test.each<AlertOutcome>(['actioned', 'reclassified'])(
      'the own manager may resolve a high alert as %s',
      (outcome) => {
        spec
          .given([raised])
          .when(resolution(outcome, 'm-1'))
          .then([resolvedNow(outcome)]);
      },
    );
  });

  test('an unknown alert is ALERT.NOT_FOUND', () => {
    expectRejection([], resolution('actioned', null), 'ALERT.NOT_FOUND', 'not_found');
  });

  test('resolving twice is ALERT.RESOLVED', () => {
    expectRejection([raised, resolved], resolution('actioned', null), 'ALERT.RESOLVED', 'conflict');
  });

  test('an outcome off the list is invalid', () => {
    expectRejection([raised], resolution('ignored' as AlertOutcome, null), 'ALERT.INVALID_VALUE', 'invalid', 'outcome');
  });

  test('a blank note is invalid', () => {
    expectRejection(
      [raised],
      cmd('ResolveAlert', { outcome: 'actioned', note: ' ', clientManagerId: null, resolverManagerId: null }),
      'ALERT.INVALID_VALUE',
      'invalid',
      'note',
    );
  });

  test('a note over 2000 characters is invalid', () => {
    expectRejection(
      [raised],
      cmd('ResolveAlert', {
        outcome: 'actioned',
        note: 'n'.repeat(2001),
        clientManagerId: null,
        resolverManagerId: null,
      }),
      'ALERT.INVALID_VALUE',
      'invalid',
      'note',
    );
  });

  test.each(['clientManagerId', 'resolverManagerId'] as const)('a blank %s is invalid (null means none)', (field) => {
    expectRejection(
      [raised],
      cmd('ResolveAlert', {
        outcome: 'actioned',
        note: 'n',
        clientManagerId: null,
        resolverManagerId: null,
        [field]: '',
      }),
      'ALERT.INVALID_VALUE',
      'invalid',
      field,
    );
  });
});

describe('ReopenAlert', () => {
  test('reopens a resolved alert, due again by the SLA of its severity from now', () => {
    spec
      .given([raised, resolved])
      .when(cmd('ReopenAlert', { reason: 'payment bounced' }))
      .then([
        ev('AlertReopened', {
          ...ref,
          reason: 'payment bounced',
          reopenedBy: 'u-7',
          reopenedAt: NOW,
          dueBy: '2026-03-03T10:00:00.000Z',
        }),
      ]);
  });

  test.each([
    ['open', [raised]],
    ['acknowledged', [raised, acknowledged]],
    ['escalated', [raised, escalated]],
  ])('an %s alert is ALERT.NOT_RESOLVED', (_status, given) => {
    expectRejection(given, cmd('ReopenAlert', { reason: 'x' }), 'ALERT.NOT_RESOLVED', 'conflict');
  });

  test('an unknown alert is ALERT.NOT_FOUND', () => {
    expectRejection([], cmd('ReopenAlert', { reason: 'x' }), 'ALERT.NOT_FOUND', 'not_found');
  });

  test('a blank reason is invalid', () => {
    expectRejection([raised, resolved], cmd('ReopenAlert', { reason: '' }), 'ALERT.INVALID_VALUE', 'invalid', 'reason');
  });
});

describe('due times on the bank calendar (2026 mainland China, Asia/Shanghai)', () => {
  /** A Shanghai wall-clock time as the UTC instant commands and events carry. */
  const shanghai = (wall: string): string => new Date(`${wall}+08:00`).toISOString();
  const cmdAt = (wall: string) => commandFactory<AlertCommand>({ ...metadata, now: shanghai(wall) });

  test('given no alert, when a high reading arrives on the eve of National Day, then it is due on the first day back', () => {
    spec
      .given([])
      .when(cmdAt('2026-09-30T17:00:00')('RaiseAlert', reading))
      .then([
        ev('AlertRaised', {
          ...reading,
          raisedAt: shanghai('2026-09-30T17:00:00'),
          dueBy: shanghai('2026-10-08T17:00:00'),
        }),
      ]);
  });

  test('given an open medium alert, when a high reading arrives on a working Saturday, then it is due after Spring Festival', () => {
    spec
      .given([raisedAs('medium', RAISED_AT)])
      .when(cmdAt('2026-02-14T11:00:00')('RaiseAlert', reading))
      .then([
        ev('AlertEscalated', {
          ...ref,
          from: 'medium',
          severity: 'high',
          to: 'risk_monitor',
          reason: reading.reason,
          evidence: reading.evidence,
          escalatedAt: shanghai('2026-02-14T11:00:00'),
          dueBy: shanghai('2026-02-24T11:00:00'),
        }),
      ]);
  });

  test("given an open medium alert, when an officer escalates it to high on New Year's Eve, then the working Sunday counts", () => {
    spec
      .given([raisedAs('medium', RAISED_AT)])
      .when(cmdAt('2025-12-31T16:00:00')('EscalateAlert', { to: 'credit_committee', severity: 'high', reason: 'r' }))
      .then([
        ev('AlertEscalated', {
          ...ref,
          from: 'medium',
          severity: 'high',
          to: 'credit_committee',
          reason: 'r',
          evidence: [],
          escalatedAt: shanghai('2025-12-31T16:00:00'),
          dueBy: shanghai('2026-01-04T16:00:00'),
        }),
      ]);
  });

  test("given a resolved high alert, when it is reopened on New Year's Eve, then it is due on the working Sunday after the holiday", () => {
    spec
      .given([raised, resolved])
      .when(cmdAt('2025-12-31T16:00:00')('ReopenAlert', { reason: 'payment bounced' }))
      .then([
        ev('AlertReopened', {
          ...ref,
          reason: 'payment bounced',
          reopenedBy: 'u-7',
          reopenedAt: shanghai('2025-12-31T16:00:00'),
          dueBy: shanghai('2026-01-04T16:00:00'),
        }),
      ]);
  });
});

describe('alert state', () => {
  test('starts empty', () => {
    expect(alertDecider.initialState()).toEqual({ status: 'none' });
  });

  test('folds the life of an alert', () => {
    const toCritical = ev('AlertEscalated', {
      ...ref,
      from: 'high',
      severity: 'critical',
      to: 'risk_monitor',
      reason: 'r',
      evidence: ['e-2'],
      escalatedAt: NOW,
      dueBy: '2026-03-02T14:00:00.000Z',
    });
    const steps = [raised, acknowledged, toCritical, resolvedAs('false_positive')];
    const states = steps.map((_, index) => steps.slice(0, index + 1).reduce(evolveAlert, initialAlertState));
    expect(states.map((state) => state.status)).toEqual(['open', 'acknowledged', 'escalated', 'resolved']);
    expect(states[3]).toEqual({
      status: 'resolved',
      alertId: 'EW-DPD.c-1.1',
      clientId: 'c-1',
      ruleId: 'EW-DPD',
      ruleVersion: 1,
      episode: 1,
      severity: 'critical',
      raisedAt: RAISED_AT,
      dueBy: '2026-03-02T14:00:00.000Z',
      outcome: 'false_positive',
    });
    const reopened = evolveAlert(
      states[3] ?? initialAlertState,
      ev('AlertReopened', {
        ...ref,
        reason: 'r',
        reopenedBy: 'u-7',
        reopenedAt: NOW,
        dueBy: '2026-03-02T18:00:00.000Z',
      }),
    );
    expect(reopened).toEqual({ ...states[2], status: 'open', dueBy: '2026-03-02T18:00:00.000Z' });
  });

  test('ignores facts about an alert never raised', () => {
    expect(evolveAlert(initialAlertState, acknowledged)).toEqual({ status: 'none' });
  });
});
