import type { Severity } from '../common/scales';
import type { RiskEvent } from './risk-event';

import { configWith, daysAfter, ev, reading, riskSpec, T0, T0_DATE } from '@crm/testing';
import { addDays } from '../calendar/bank-date';
import type { RiskReading } from './risk-rules';

/** Credit rules: EW-DPD, EW-CLASS, EW-CLASS-FLOOR, EW-DEFAULT, EW-RATING, EW-UTIL (EW-FIN: rules/ew-fin.rule.spec). Data is shaped like the integration messages. */

const spec = riskSpec();

/** Arrears dated `days` before T0's bank date, reported at T0 (or at `occurredAt`). */
const pastDue = (days: number, facilityId = 'F-1', eventId = 'e-when', occurredAt = T0): RiskEvent =>
  ev(
    'PaymentPastDue',
    { facilityId, overdueSince: addDays(T0_DATE, -days), amountOverdue: '1000.00' },
    occurredAt,
    eventId,
  );
const cleared = (facilityId = 'F-1'): RiskEvent => ev('PastDueCleared', { facilityId }, T0, 'e-cleared');
const classified = (to: string, from: string | null = null, eventId = 'e-when'): RiskEvent =>
  ev('LoanClassificationChanged', { from, to }, T0, eventId);

/** EW-DPD alone: the floor rule also reads every arrear of a client classified normal. */
const dpdOnly = riskSpec(configWith('EW-CLASS-FLOOR', { enabled: false }));

describe('EW-DPD', () => {
  test.each<[number, Severity | null, number]>([
    [0, null, 0],
    [1, null, 1],
    [29, null, 1],
    [30, 'high', 2],
    [59, 'high', 2],
    [60, 'high', 3],
    [89, 'high', 3],
    [90, 'critical', 4],
    [179, 'critical', 4],
    [180, 'critical', 5],
    [270, 'critical', 6],
    [360, 'critical', 7],
  ])('%i days past due reads %s (stage %i)', (days, severity, stage) => {
    const readings = dpdOnly.sequence([pastDue(days)])[0] ?? [];
    expect(readings.map((r) => [r.severity, r.stage])).toEqual(severity === null ? [] : [[severity, stage]]);
  });

  test('names the facility, the days and the bucket, citing the event', () => {
    dpdOnly
      .given([])
      .when(pastDue(35))
      .then([reading('EW-DPD', 'high', 'facility F-1 is 35 days past due (30+ bucket)', ['e-when'], 2)]);
  });

  test("days are counted to the bank's date: 01:00 in Shanghai is already the next day", () => {
    // T0 is 18:00 in Shanghai; 06:00 UTC the next day is 14:00 there: still one day later, not two.
    const at = '2026-03-02T16:30:00.000Z';
    const readings = dpdOnly.sequence([pastDue(29, 'F-1', 'e-1', at)])[0] ?? [];
    expect(readings.map((r) => r.reason)).toEqual(['facility F-1 is 30 days past due (30+ bucket)']);
  });

  test('one report ages by itself: the sweep raises at 30 and escalates at 60, 90 and 180', () => {
    const sweeps = dpdOnly.sweeps(
      [pastDue(25)],
      [daysAfter(4), daysAfter(5), daysAfter(35), daysAfter(65), daysAfter(66), daysAfter(155)],
    );
    expect(sweeps.map((readings) => readings.map((r) => [r.severity, r.stage]))).toEqual([
      [],
      [['high', 2]],
      [['high', 3]],
      [['critical', 4]],
      [],
      [['critical', 5]],
    ]);
    expect(sweeps[1]?.[0]).toEqual(reading('EW-DPD', 'high', 'facility F-1 is 30 days past due (30+ bucket)', [], 2));
  });

  test('a cure ends the ageing: the sweep reads nothing after it', () => {
    expect(dpdOnly.sweeps([pastDue(25), cleared()], [daysAfter(10), daysAfter(100)])).toEqual([[], []]);
  });

  test('the same reading twice reads once; a sweep the same day adds nothing', () => {
    expect(dpdOnly.sequence([pastDue(35), pastDue(35)]).map((readings) => readings.length)).toEqual([1, 0]);
    expect(dpdOnly.sweeps([pastDue(35)], [T0, daysAfter(1)])).toEqual([[], []]);
  });

  test('the client reads its worst facility: a second, milder facility adds nothing', () => {
    dpdOnly
      .given([pastDue(35, 'F-1')])
      .when(pastDue(10, 'F-2'))
      .then([]);
  });

  test('a second facility crossing into a worse bucket names itself', () => {
    dpdOnly
      .given([pastDue(35, 'F-1')])
      .when(pastDue(62, 'F-2'))
      .then([reading('EW-DPD', 'high', 'facility F-2 is 62 days past due (60+ bucket)', ['e-when'], 3)]);
  });

  test('clearing, then falling past due again, reads again', () => {
    expect(dpdOnly.sequence([pastDue(35), cleared(), pastDue(35)]).map((readings) => readings.length)).toEqual([
      1, 0, 1,
    ]);
  });

  test('a later date after a partial payment lowers the band, so the next rise reads again', () => {
    expect(dpdOnly.sequence([pastDue(35), pastDue(10), pastDue(35)]).map((r) => r.map((x) => x.severity))).toEqual([
      ['high'],
      [],
      ['high'],
    ]);
  });

  test('thresholds come from the config: a medium band from 8 days', () => {
    const spec8 = riskSpec(configWith('EW-DPD', { mediumDays: 8 }, configWith('EW-CLASS-FLOOR', { enabled: false })));
    spec8.given([]).when(pastDue(7)).thenSeverity('EW-DPD', null);
    spec8.given([]).when(pastDue(8)).thenSeverity('EW-DPD', 'medium');
  });
});

describe('EW-CLASS', () => {
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

  test('every move into a worse category is visible: special mention, substandard, doubtful, loss', () => {
    expect(
      spec.sequence([
        classified('special_mention', 'normal'),
        classified('substandard', 'special_mention'),
        classified('doubtful', 'substandard'),
        classified('loss', 'doubtful'),
      ]),
    ).toEqual([
      [reading('EW-CLASS', 'high', 'loan classification is special_mention', ['e-when'], 1)],
      [reading('EW-CLASS', 'critical', 'loan classification is substandard', ['e-when'], 2)],
      [reading('EW-CLASS', 'critical', 'loan classification is doubtful', ['e-when'], 3)],
      [reading('EW-CLASS', 'critical', 'loan classification is loss', ['e-when'], 4)],
    ]);
  });

  test('a move to a better category reads nothing; back down again reads again', () => {
    expect(
      spec
        .sequence([classified('doubtful'), classified('substandard'), classified('doubtful')])
        .map((readings) => readings.map((r) => r.stage)),
    ).toEqual([[3], [], [3]]);
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

describe('EW-CLASS-FLOOR', () => {
  const floorOf = (readings: readonly RiskReading[]) =>
    readings.filter((r) => r.ruleId === 'EW-CLASS-FLOOR').map((r) => [r.severity, r.stage]);

  test.each<[number, string, Severity | null]>([
    [0, 'normal', null],
    [1, 'normal', 'medium'],
    [90, 'normal', 'medium'],
    [91, 'normal', 'high'],
    [91, 'special_mention', 'high'],
    [91, 'substandard', null],
    [270, 'substandard', null],
    [271, 'substandard', 'critical'],
    [360, 'doubtful', null],
    [361, 'doubtful', 'critical'],
    [361, 'loss', null],
  ])('%i days past due with %s recorded reads %s', (days, recorded, severity) => {
    const readings = spec.sequence([classified(recorded, null, 'e-class'), pastDue(days)])[1] ?? [];
    expect(floorOf(readings).map(([level]) => level)).toEqual(severity === null ? [] : [severity]);
  });

  test('names the recorded classification, the floor and the arrear behind it', () => {
    const readings = spec.sequence([classified('normal', null, 'e-class'), pastDue(120)])[1] ?? [];
    expect(readings.filter((r) => r.ruleId === 'EW-CLASS-FLOOR')).toEqual([
      reading(
        'EW-CLASS-FLOOR',
        'high',
        'loan classification normal is better than the floor substandard: facility F-1 is 120 days past due',
        ['e-when'],
        2,
      ),
    ]);
  });

  test('the floor rises with the clock while the classification stays normal', () => {
    const sweeps = spec.sweeps(
      [classified('normal', null, 'e-class'), pastDue(25)],
      [daysAfter(65), daysAfter(66), daysAfter(245), daysAfter(246)],
    );
    // 25 + 65 = 90 days: still special mention; 91 substandard; 271 doubtful.
    expect(sweeps.map(floorOf)).toEqual([[], [['high', 2]], [], [['critical', 3]]]);
  });

  test('reclassifying to the floor ends the breach; a cure of the arrear too', () => {
    expect(spec.sequence([pastDue(40), classified('special_mention', 'normal', 'e-2')]).map(floorOf)).toEqual([
      [['medium', 1]],
      [],
    ]);
    expect(spec.sweeps([pastDue(40), cleared()], [daysAfter(200)]).map(floorOf)).toEqual([[]]);
  });

  test('thresholds come from the config', () => {
    const strict = riskSpec(configWith('EW-CLASS-FLOOR', { substandardDays: 61 }));
    expect(floorOf(strict.sequence([pastDue(61)])[0] ?? [])).toEqual([['high', 2]]);
  });
});

describe('EW-DEFAULT', () => {
  const rated = (from: string | null, to: string, eventId = 'e-when'): RiskEvent =>
    ev('CreditRatingChanged', { from, to, notches: 0 }, T0, eventId);

  test('a first rating of D is critical', () => {
    const readings = spec.sequence([rated(null, 'D')])[0] ?? [];
    expect(readings.filter((r) => r.ruleId === 'EW-DEFAULT')).toEqual([
      reading('EW-DEFAULT', 'critical', 'internal rating is D (default)'),
    ]);
  });

  test('C → D (one notch) is critical; any other grade reads nothing', () => {
    expect(
      spec
        .sequence([rated(null, 'CC', 'e-1'), rated('CC', 'C', 'e-2'), rated('C', 'D', 'e-3'), rated('D', 'D', 'e-4')])
        .map((readings) => readings.filter((r) => r.ruleId === 'EW-DEFAULT').length),
    ).toEqual([0, 0, 1, 0]);
  });

  test('out of default and back in reads again', () => {
    expect(
      spec
        .sequence([rated(null, 'D', 'e-1'), rated('D', 'C', 'e-2'), rated('C', 'D', 'e-3')])
        .map((readings) => readings.filter((r) => r.ruleId === 'EW-DEFAULT').length),
    ).toEqual([1, 0, 1]);
  });
});

describe('EW-RATING', () => {
  const rated = (from: string | null, to: string, occurredAt = T0, notches = 0): RiskEvent =>
    ev('CreditRatingChanged', { from, to, notches }, occurredAt);

  test('a first rating reads nothing', () => {
    spec.given([]).when(rated(null, 'C')).then([]);
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

  test.each(['term', 'guarantee', 'trade'])('a fully drawn %s facility is not measured', (type) => {
    spec
      .given([
        limit('1000000.00'),
        ev('FacilityTermsSet', { facilityId: 'F-1', type, maturityDate: null, nextReviewDate: null }),
      ])
      .when(drawn('1000000.00'))
      .thenSeverity('EW-UTIL', null);
  });

  test('a revolving facility, and one recorded before facility types, are measured', () => {
    spec
      .given([
        limit('1000000.00'),
        ev('FacilityTermsSet', { facilityId: 'F-1', type: 'revolving', maturityDate: null, nextReviewDate: null }),
      ])
      .when(drawn('1000100.00'))
      .thenSeverity('EW-UTIL', 'high');
    spec
      .given([limit('1000000.00')])
      .when(drawn('1000100.00'))
      .thenSeverity('EW-UTIL', 'high');
  });
});

describe('EW-REVIEW', () => {
  const reviewOn = (nextReviewDate: string | null, eventId = 'e-when'): RiskEvent =>
    ev(
      'FacilityTermsSet',
      { facilityId: 'F-1', type: 'term', maturityDate: '2030-01-01', nextReviewDate },
      T0,
      eventId,
    );
  const review = (readings: readonly RiskReading[]) => readings.filter((r) => r.ruleId === 'EW-REVIEW');

  test.each<[number, Severity | null]>([
    [1, null],
    [0, null],
    [-1, 'medium'],
  ])('a review date %i days from the bank today reads %s', (offset, severity) => {
    spec
      .given([])
      .when(reviewOn(addDays(T0_DATE, offset)))
      .thenSeverity('EW-REVIEW', severity);
  });

  test('the sweep sees the date pass; a later review date ends it and a new lapse reads again', () => {
    const sweeps = spec.sweeps([reviewOn(addDays(T0_DATE, 2), 'e-1')], [daysAfter(2), daysAfter(3), daysAfter(4)]);
    expect(sweeps.map((readings) => review(readings).length)).toEqual([0, 1, 0]);
    expect(review(sweeps[1] ?? [])).toEqual([
      reading('EW-REVIEW', 'medium', `facility F-1 is 1 days past its review date ${addDays(T0_DATE, 2)}`, []),
    ]);
    expect(
      spec
        .sequence([
          reviewOn(addDays(T0_DATE, -3), 'e-1'),
          reviewOn('2027-01-01', 'e-2'),
          reviewOn(addDays(T0_DATE, -1), 'e-3'),
        ])
        .map((readings) => review(readings).length),
    ).toEqual([1, 0, 1]);
  });

  test('graceDays comes from the config', () => {
    riskSpec(configWith('EW-REVIEW', { graceDays: 5 }))
      .given([])
      .when(reviewOn(addDays(T0_DATE, -5)))
      .thenSeverity('EW-REVIEW', null);
  });
});
