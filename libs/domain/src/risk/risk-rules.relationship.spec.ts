import type { Severity } from '../common/scales';
import { applyRiskEvent } from './apply-risk-event';
import type { RiskEvent } from './risk-event';
import { evaluateSweep, type RiskReading } from './risk-rules';
import { DEFAULT_RISK_RULES, type RiskRulesConfig } from './risk-rules.config';
import { initialRiskState, type ClientRiskState } from './risk-state';

import { configWith, daysAfter, ev, fold, reading, riskSpec, T0 } from '@crm/testing';

/** Relationship rules: EW-FLAGS, EW-CORE-MGR, EW-CHURN and the EW-COVER clock sweep. */

const spec = riskSpec();

const tier = (to: string, occurredAt = T0, from: string | null = null): RiskEvent =>
  ev('ClientTierChanged', { from, to }, occurredAt, `tier-${to}`);
const assigned = (managerLevel: string, managerId = 'm-1'): RiskEvent =>
  ev('ManagerAssigned', { managerId, managerLevel });

describe('EW-FLAGS', () => {
  const raised = (flagId: string, severity: Severity): RiskEvent =>
    ev('RiskFlagRaised', { flagId, type: 'litigation', severity });
  const cleared = (flagId: string): RiskEvent => ev('RiskFlagCleared', { flagId });

  test('one critical flag reads critical', () => {
    spec
      .given([])
      .when(raised('fl-1', 'critical'))
      .then([reading('EW-FLAGS', 'critical', 'risk flag fl-1 is critical')]);
  });

  test.each<[string, Severity[], Severity, Severity | null]>([
    ['one medium', [], 'medium', null],
    ['a second medium', ['medium'], 'medium', 'high'],
    ['a medium after a low', ['low'], 'medium', null],
    ['a high after a medium', ['medium'], 'high', 'high'],
    ['a third low', ['low', 'low'], 'low', null],
  ])('%s flag reads %s', (_name, earlier, severity, expected) => {
    spec
      .given(earlier.map((s, i) => raised(`fl-${i}`, s)))
      .when(raised('fl-x', severity))
      .thenSeverity('EW-FLAGS', expected);
  });

  test('says how many serious flags are open', () => {
    spec
      .given([raised('fl-1', 'medium')])
      .when(raised('fl-2', 'high'))
      .then([reading('EW-FLAGS', 'high', '2 open risk flags of medium severity or worse')]);
  });

  test('two mediums then a critical reads high, then critical', () => {
    expect(
      spec
        .sequence([raised('a', 'medium'), raised('b', 'medium'), raised('c', 'critical')])
        .map((r) => r.map((x) => x.severity)),
    ).toEqual([[], ['high'], ['critical']]);
  });

  test('clearing a flag lowers the band, so a new one reads again', () => {
    expect(
      spec
        .sequence([raised('a', 'medium'), raised('b', 'medium'), cleared('b'), raised('c', 'medium')])
        .map((r) => r.length),
    ).toEqual([0, 1, 0, 1]);
  });

  test('the count and floor come from the config', () => {
    riskSpec(configWith('EW-FLAGS', { openFlags: 2, openFlagSeverity: 'high' }))
      .given([raised('a', 'medium')])
      .when(raised('b', 'medium'))
      .then([]);
    riskSpec(configWith('EW-FLAGS', { openFlags: 1 }))
      .given([])
      .when(raised('a', 'medium'))
      .thenSeverity('EW-FLAGS', 'high');
  });
});

describe('EW-CORE-MGR', () => {
  const lowReading = reading('EW-CORE-MGR', 'low', 'core client covered by an associate-level manager');

  test('a core client given an associate manager reads low', () => {
    spec
      .given([tier('core')])
      .when(assigned('associate'))
      .then([lowReading]);
  });

  test('an associate-covered client becoming core reads low', () => {
    spec
      .given([assigned('associate')])
      .when(ev('ClientTierChanged', { from: 'key', to: 'core' }))
      .then([lowReading]);
  });

  test.each(['senior', 'principal'])('a %s manager on a core client reads nothing', (level) => {
    spec
      .given([tier('core')])
      .when(assigned(level))
      .then([]);
  });

  test('an associate on a key client reads nothing', () => {
    spec
      .given([tier('key')])
      .when(assigned('associate'))
      .then([]);
  });

  test('reassigning to a senior clears it; an associate again reads again', () => {
    expect(
      spec
        .sequence([tier('core'), assigned('associate'), assigned('senior', 'm-2'), assigned('associate', 'm-3')])
        .map((r) => r.length),
    ).toEqual([0, 1, 0, 1]);
  });

  const lapsed = (managerId = 'm-1'): RiskEvent =>
    ev('CoverageLapsed', { managerId, departedAt: T0 }, T0, `lapsed-${managerId}`);

  test('a core client whose manager left reads medium, naming the gap', () => {
    spec
      .given([tier('core'), assigned('senior')])
      .when(lapsed())
      .then([
        reading('EW-CORE-MGR', 'medium', 'core client whose manager left the bank: nobody covers it', ['lapsed-m-1']),
      ]);
  });

  test('a key client whose manager left reads nothing', () => {
    spec
      .given([tier('key'), assigned('senior')])
      .when(lapsed())
      .then([]);
  });

  test('a lapse on an associate-covered core client escalates it to medium', () => {
    spec
      .given([tier('core'), assigned('associate')])
      .when(lapsed())
      .thenSeverity('EW-CORE-MGR', 'medium');
  });

  test('after a lapse, a senior reads nothing and an associate reads low (the assignment ending it is judged afresh)', () => {
    expect(
      spec.sequence([tier('core'), assigned('senior'), lapsed(), assigned('senior', 'm-2')]).map((r) => r.length),
    ).toEqual([0, 0, 1, 0]);
    expect(
      spec
        .sequence([tier('core'), assigned('senior'), lapsed(), assigned('associate', 'm-2')])
        .map((r) => r.map((one) => `${one.ruleId} ${one.severity}`)),
    ).toEqual([[], [], ['EW-CORE-MGR medium'], ['EW-CORE-MGR low']]);
  });

  test('a redelivered lapse, or a redelivered assignment ending one, reads nothing new', () => {
    const ending = assigned('associate', 'm-2');
    expect(
      spec.sequence([tier('core'), assigned('senior'), lapsed(), lapsed(), ending, ending]).map((r) => r.length),
    ).toEqual([0, 0, 1, 0, 1, 0]);
  });
});

describe('EW-CHURN', () => {
  const nps = (score: number, kind = 'nps'): RiskEvent =>
    ev('SatisfactionRecorded', { surveyId: 's-1', kind, score, managerId: 'm-1' });
  const complaint = (): RiskEvent => ev('ComplaintReceived', { complaintId: 'cp-1', category: 'fees' });

  // Since version 2 a detractor is its manager's recovery task (docs/decisions.md §63), not an alert.
  test.each([0, 6, 10])('an NPS answer of %i reads nothing, from a core client neither', (score) => {
    spec
      .given([tier('core')])
      .when(nps(score))
      .then([]);
  });

  test('a low CSAT answer reads nothing', () => {
    spec
      .given([tier('key')])
      .when(nps(1, 'csat'))
      .then([]);
  });

  test.each<[string, RiskEvent[], Severity | null]>([
    ['a core client', [tier('core')], 'medium'],
    ['a key client', [tier('key')], 'medium'],
    ['a standard client', [tier('standard')], null],
    ['a client without a tier', [], null],
  ])('a complaint from %s reads %s', (_name, given, severity) => {
    spec.given(given).when(complaint()).thenSeverity('EW-CHURN', severity);
  });

  test('names the tier of the complaining client', () => {
    spec
      .given([tier('core')])
      .when(complaint())
      .then([reading('EW-CHURN', 'medium', 'complaint from a core client')]);
  });

  describe('holdings closed', () => {
    const opened = (holdingId: string, occurredAt = T0): RiskEvent =>
      ev(
        'ProductHoldingOpened',
        { holdingId, productCode: 'DEP-1', category: 'deposit', amount: '100.00' },
        occurredAt,
      );
    const closed = (holdingId: string, occurredAt = T0): RiskEvent =>
      ev('ProductHoldingClosed', { holdingId }, occurredAt);
    const hundred = Array.from({ length: 100 }, (_, i) => `h-${i}`);

    test('49 of 100 holdings closed reads nothing; the 50th reads high', () => {
      const closedFirst = (count: number): RiskEvent[] => [
        ...hundred.map((id) => opened(id)),
        ...hundred.slice(0, count).map((id) => closed(id, daysAfter(10))),
      ];
      spec
        .given(closedFirst(48))
        .when(closed('h-48', daysAfter(10)))
        .then([]);
      spec
        .given(closedFirst(49))
        .when(closed('h-49', daysAfter(10)))
        .then([reading('EW-CHURN', 'high', '50 of 100 product holdings closed within 90 days (50% or more)')]);
    });

    test('closures older than the window do not count', () => {
      // h-1 closed on day 1 is out of the 90-day window on day 100: 1 of the 3 holdings left is closed.
      const given = [opened('h-1'), opened('h-2'), opened('h-3'), opened('h-4'), closed('h-1', daysAfter(1))];
      spec
        .given(given)
        .when(closed('h-2', daysAfter(100)))
        .then([]);
    });

    test('closures inside the window do', () => {
      const given = [opened('h-1'), opened('h-2'), opened('h-3'), opened('h-4'), closed('h-1', daysAfter(50))];
      spec
        .given(given)
        .when(closed('h-2', daysAfter(100)))
        .thenSeverity('EW-CHURN', 'high');
    });

    test('further closures while the share holds read nothing', () => {
      expect(
        spec
          .sequence([opened('a'), opened('b'), opened('c'), closed('a'), closed('b'), closed('c')])
          .map((r) => r.length),
      ).toEqual([0, 0, 0, 0, 1, 0]);
    });

    test('the share and window come from the config', () => {
      riskSpec(configWith('EW-CHURN', { holdingsClosedShare: '0.25' }))
        .given([opened('a'), opened('b'), opened('c'), opened('d')])
        .when(closed('a'))
        .thenSeverity('EW-CHURN', 'high');
    });
  });
});

describe('EW-COVER (clock sweep)', () => {
  const contact = (occurredAt: string): RiskEvent =>
    ev(
      'ContactLogged',
      { contactId: 'k-1', managerId: 'm-1', channel: 'visit', purpose: 'relationship', occurredAt },
      occurredAt,
    );
  const sweepAt = (state: ClientRiskState, now: string, config: RiskRulesConfig = DEFAULT_RISK_RULES): RiskReading[] =>
    evaluateSweep(state, now, config).readings;

  test.each<[string, number, number, Severity | null]>([
    ['core', 35, 0, null],
    ['core', 35, 1, 'medium'],
    ['core', 36, 0, 'medium'],
    ['key', 90, 0, null],
    ['key', 91, 0, 'medium'],
    ['standard', 400, 0, null],
    ['basic', 400, 0, null],
  ])('a %s client last contacted %i days (+%i ms) ago reads %s', (to, days, extraMs, severity) => {
    const state = fold([tier(to, daysAfter(-500)), contact(T0)]);
    const now = new Date(Date.parse(daysAfter(days)) + extraMs).toISOString();
    expect(sweepAt(state, now).map((r) => r.severity)).toEqual(severity === null ? [] : [severity]);
  });

  test('says since when, with no evidence events', () => {
    const state = fold([tier('core', daysAfter(-500)), contact(T0)]);
    expect(sweepAt(state, daysAfter(36))).toEqual([
      reading('EW-COVER', 'medium', 'core client not contacted for more than 35 days (last contact 2026-03-02)', []),
    ]);
  });

  test('a client never contacted counts from becoming core', () => {
    const state = fold([tier('core')]);
    expect(sweepAt(state, daysAfter(35))).toEqual([]);
    expect(sweepAt(state, daysAfter(36))).toEqual([
      reading(
        'EW-COVER',
        'medium',
        'core client not contacted for more than 35 days (never contacted since becoming core on 2026-03-02)',
        [],
      ),
    ]);
  });

  test('a client alerted once is not alerted again on the next sweep', () => {
    const first = evaluateSweep(fold([tier('core'), contact(T0)]), daysAfter(40), DEFAULT_RISK_RULES);
    expect(first.readings).toHaveLength(1);
    expect(first.state.bands['EW-COVER']).toBe('medium');
    expect(evaluateSweep(first.state, daysAfter(41), DEFAULT_RISK_RULES).readings).toEqual([]);
  });

  test('a contact ends the gap; the next gap reads again', () => {
    const first = evaluateSweep(fold([tier('core'), contact(T0)]), daysAfter(40), DEFAULT_RISK_RULES);
    const contacted = applyRiskEvent(first.state, contact(daysAfter(41)), DEFAULT_RISK_RULES);
    expect(contacted.readings).toEqual([]);
    expect(contacted.state.bands['EW-COVER']).toBeNull();
    expect(sweepAt(contacted.state, daysAfter(60))).toEqual([]);
    expect(sweepAt(contacted.state, daysAfter(77))).toHaveLength(1);
  });

  test('events never raise it: only the sweep does', () => {
    const state = fold([tier('standard'), contact(T0)]);
    const promoted = applyRiskEvent(state, tier('core', daysAfter(100), 'standard'), DEFAULT_RISK_RULES);
    expect(promoted.readings.filter((r) => r.ruleId === 'EW-COVER')).toEqual([]);
    expect(sweepAt(promoted.state, daysAfter(100))).toHaveLength(1);
  });

  test('a contact logged late, for an earlier day, does not move the last contact back', () => {
    const state = fold([
      tier('core'),
      contact(daysAfter(10)),
      ev('ContactLogged', { occurredAt: daysAfter(2) }, daysAfter(20)),
    ]);
    expect(sweepAt(state, daysAfter(40))).toEqual([]);
    expect(sweepAt(state, daysAfter(46))).toHaveLength(1);
  });

  test('thresholds come from the config; a disabled rule reads nothing', () => {
    const state = fold([tier('core'), contact(T0)]);
    expect(sweepAt(state, daysAfter(20), configWith('EW-COVER', { coreDays: 14 }))).toHaveLength(1);
    const disabled = evaluateSweep(state, daysAfter(400), configWith('EW-COVER', { enabled: false }));
    expect(disabled.readings).toEqual([]);
    expect(disabled.state.bands['EW-COVER']).toBeNull();
  });

  test('a malformed now is a caller bug and throws', () => {
    expect(() => evaluateSweep(initialRiskState('c-1'), 'now', DEFAULT_RISK_RULES)).toThrow(RangeError);
  });
});
