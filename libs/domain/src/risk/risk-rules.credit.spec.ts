import type { Severity } from '../shared/scales';
import type { RiskEvent } from './risk-event';

import { configWith, daysAfter, ev, reading, riskSpec, T0 } from '@crm/testing';

/** Credit rules: EW-DPD, EW-CLASS, EW-RATING, EW-UTIL (EW-FIN: rules/ew-fin.rule.spec). Data is shaped like the v1 integration messages. */

const spec = riskSpec();

describe('EW-DPD', () => {
  const pastDue = (daysPastDue: number, facilityId = 'F-1', eventId = 'e-when'): RiskEvent =>
    ev('PaymentPastDue', { facilityId, daysPastDue, amountOverdue: '1000.00' }, T0, eventId);
  const cleared = (facilityId = 'F-1'): RiskEvent => ev('PastDueCleared', { facilityId }, T0, 'e-cleared');

  test.each<[number, Severity | null]>([
    [7, null],
    [8, 'medium'],
    [9, 'medium'],
    [30, 'medium'],
    [31, 'high'],
    [60, 'high'],
    [61, 'high'],
    [90, 'high'],
    [91, 'critical'],
  ])('%i days past due reads %s', (days, severity) => {
    spec.given([]).when(pastDue(days)).thenSeverity('EW-DPD', severity);
  });

  test('names the facility and the days, citing the event', () => {
    spec
      .given([])
      .when(pastDue(35))
      .then([reading('EW-DPD', 'high', 'facility F-1 is 35 days past due')]);
  });

  test('35 then 95 days reads high, then critical', () => {
    expect(spec.sequence([pastDue(35, 'F-1', 'e-1'), pastDue(95, 'F-1', 'e-2')])).toEqual([
      [reading('EW-DPD', 'high', 'facility F-1 is 35 days past due', ['e-1'])],
      [reading('EW-DPD', 'critical', 'facility F-1 is 95 days past due', ['e-2'])],
    ]);
  });

  test('the same reading twice reads once', () => {
    expect(spec.sequence([pastDue(35), pastDue(35)]).map((readings) => readings.length)).toEqual([1, 0]);
  });

  test('a worse day count within the same band reads nothing (31 → 61: the > 60 tier is high too)', () => {
    spec
      .given([pastDue(31)])
      .when(pastDue(61))
      .then([]);
  });

  test('the client reads its worst facility: a second, milder facility adds nothing', () => {
    spec
      .given([pastDue(35, 'F-1')])
      .when(pastDue(10, 'F-2'))
      .then([]);
  });

  test('a second facility crossing into a worse band names itself', () => {
    spec
      .given([pastDue(10, 'F-1')])
      .when(pastDue(40, 'F-2'))
      .then([reading('EW-DPD', 'high', 'facility F-2 is 40 days past due')]);
  });

  test('clearing, then falling past due again, reads again', () => {
    expect(spec.sequence([pastDue(35), cleared(), pastDue(35)]).map((readings) => readings.length)).toEqual([1, 0, 1]);
  });

  test('a partial cure lowers the band, so the next rise reads again', () => {
    expect(spec.sequence([pastDue(35), pastDue(10), pastDue(35)]).map((r) => r.map((x) => x.severity))).toEqual([
      ['high'],
      [],
      ['high'],
    ]);
  });

  test('thresholds come from the config', () => {
    riskSpec(configWith('EW-DPD', { mediumDays: 3 }))
      .given([])
      .when(pastDue(3))
      .thenSeverity('EW-DPD', 'medium');
  });
});

describe('EW-CLASS', () => {
  const classified = (to: string, from: string | null = null): RiskEvent =>
    ev('LoanClassificationChanged', { from, to });

  test.each<[string, Severity | null]>([
    ['normal', null],
    ['special_mention', 'high'],
    ['substandard', 'critical'],
    ['doubtful', 'critical'],
    ['loss', 'critical'],
  ])('moving to %s reads %s', (to, severity) => {
    spec
      .given([classified('normal')])
      .when(classified(to, 'normal'))
      .thenSeverity('EW-CLASS', severity);
  });

  test('special mention then substandard reads high, then critical; doubtful adds nothing', () => {
    expect(
      spec.sequence([
        classified('special_mention', 'normal'),
        classified('substandard', 'special_mention'),
        classified('doubtful', 'substandard'),
      ]),
    ).toEqual([
      [reading('EW-CLASS', 'high', 'loan classification is special_mention')],
      [reading('EW-CLASS', 'critical', 'loan classification is substandard')],
      [],
    ]);
  });

  test('back to normal, then special mention again, reads again', () => {
    expect(
      spec
        .sequence([classified('special_mention'), classified('normal'), classified('special_mention')])
        .map((r) => r.length),
    ).toEqual([1, 0, 1]);
  });

  test('the severity boundaries come from the config', () => {
    riskSpec(configWith('EW-CLASS', { highFrom: 'substandard', criticalFrom: 'loss' }))
      .given([])
      .when(classified('special_mention'))
      .then([]);
  });
});

describe('EW-RATING', () => {
  const rated = (from: string | null, to: string, occurredAt = T0, notches = 0): RiskEvent =>
    ev('CreditRatingChanged', { from, to, notches }, occurredAt);

  test('a first rating reads nothing', () => {
    spec.given([]).when(rated(null, 'D')).then([]);
  });

  test('a fall of 1 notch reads nothing', () => {
    spec
      .given([rated(null, 'A', daysAfter(-30))])
      .when(rated('A', 'BBB', T0, 1))
      .then([]);
  });

  test('a fall of 2 notches at once reads high', () => {
    spec
      .given([rated(null, 'A', daysAfter(-30))])
      .when(rated('A', 'BB', T0, 2))
      .then([reading('EW-RATING', 'high', 'internal rating fell 2 notches from A to BB within 12 months')]);
  });

  test('two 1-notch falls within 12 months read high on the second', () => {
    spec
      .given([rated(null, 'A', daysAfter(-400)), rated('A', 'BBB', daysAfter(-200), 1)])
      .when(rated('BBB', 'BB', T0, 1))
      .thenSeverity('EW-RATING', 'high');
  });

  test('the rating in force at the start of the window counts, however old', () => {
    spec
      .given([rated(null, 'A', '2020-01-01T00:00:00.000Z'), rated('A', 'BBB', daysAfter(-300), 1)])
      .when(rated('BBB', 'BB', T0, 1))
      .thenSeverity('EW-RATING', 'high');
  });

  test('a fall spread over just more than 12 months reads nothing', () => {
    // BBB took effect exactly 12 months ago, so it, not A, was in force at the window's start.
    spec
      .given([rated(null, 'A', '2025-01-01T00:00:00.000Z'), rated('A', 'BBB', '2025-03-02T10:00:00.000Z', 1)])
      .when(rated('BBB', 'BB', T0, 1))
      .then([]);
  });

  test('the same fall just inside 12 months reads high', () => {
    spec
      .given([rated(null, 'A', '2025-01-01T00:00:00.000Z'), rated('A', 'BBB', '2025-03-02T10:00:00.001Z', 1)])
      .when(rated('BBB', 'BB', T0, 1))
      .thenSeverity('EW-RATING', 'high');
  });

  test('an upgrade reads nothing', () => {
    spec
      .given([rated(null, 'BB', daysAfter(-30))])
      .when(rated('BB', 'A', T0, -2))
      .then([]);
  });

  test('a further fall while the band holds reads nothing', () => {
    spec
      .given([rated(null, 'A', daysAfter(-60)), rated('A', 'BB', daysAfter(-30), 2)])
      .when(rated('BB', 'B', T0, 1))
      .then([]);
  });

  test('a new fall after the window has moved on reads again, though no event lowered the band', () => {
    spec
      .given([rated(null, 'A', '2024-01-01T00:00:00.000Z'), rated('A', 'BB', '2024-06-01T00:00:00.000Z', 2)])
      .when(rated('BB', 'CCC', T0, 2))
      .then([reading('EW-RATING', 'high', 'internal rating fell 2 notches from BB to CCC within 12 months')]);
  });

  test('the notches and window come from the config', () => {
    riskSpec(configWith('EW-RATING', { notches: 3, windowMonths: 6 }))
      .given([rated(null, 'A', daysAfter(-30))])
      .when(rated('A', 'BB', T0, 2))
      .then([]);
  });
});

describe('EW-UTIL', () => {
  const limit = (amount: string, facilityId = 'F-1'): RiskEvent =>
    ev('CreditLimitSet', { facilityId, limit: amount, currency: 'CNY' });
  const drawn = (amount: string, facilityId = 'F-1'): RiskEvent =>
    ev('CreditUtilisationReported', { facilityId, drawn: amount });

  test.each<[string, Severity | null]>([
    ['900000.00', null],
    ['900100.00', 'medium'],
    ['1000000.00', 'medium'],
    ['1000100.00', 'high'],
  ])('drawn %s of 1000000.00 reads %s', (amount, severity) => {
    spec
      .given([limit('1000000.00')])
      .when(drawn(amount))
      .thenSeverity('EW-UTIL', severity);
  });

  test('0.9 exactly is not above 0.9, in exact arithmetic (no floating point)', () => {
    spec
      .given([limit('3.0000')])
      .when(drawn('2.7000'))
      .then([]);
    spec
      .given([limit('3.0000')])
      .when(drawn('2.7001'))
      .thenSeverity('EW-UTIL', 'medium');
  });

  test('says which facility is over which threshold', () => {
    spec
      .given([limit('100.00')])
      .when(drawn('95.00'))
      .then([reading('EW-UTIL', 'medium', 'facility F-1 is drawn above 90% of its limit')]);
    spec
      .given([limit('100.00')])
      .when(drawn('101.00'))
      .then([reading('EW-UTIL', 'high', 'facility F-1 is drawn above 100% of its limit')]);
  });

  test('a drawn amount reported before the limit is measured when the limit arrives', () => {
    spec
      .given([drawn('95.00')])
      .when(limit('100.00'))
      .thenSeverity('EW-UTIL', 'medium');
  });

  test('a lowered limit can breach the threshold', () => {
    spec
      .given([limit('200.00'), drawn('95.00')])
      .when(limit('100.00'))
      .thenSeverity('EW-UTIL', 'medium');
  });

  test('anything drawn on a zero limit is over the limit', () => {
    spec
      .given([limit('0')])
      .when(drawn('0.01'))
      .thenSeverity('EW-UTIL', 'high');
    spec
      .given([limit('0')])
      .when(drawn('0'))
      .then([]);
  });

  test('medium then high reads twice; the same draw again reads nothing', () => {
    expect(
      spec.sequence([limit('100'), drawn('95'), drawn('101'), drawn('101')]).map((r) => r.map((x) => x.severity)),
    ).toEqual([[], ['medium'], ['high'], []]);
  });

  test('thresholds come from the config', () => {
    riskSpec(configWith('EW-UTIL', { medium: '0.5', high: '0.75' }))
      .given([limit('100')])
      .when(drawn('76'))
      .thenSeverity('EW-UTIL', 'high');
  });
});
