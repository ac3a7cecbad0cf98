import { addDays, DEFAULT_RISK_RULES, type ClientEvent, type LoanClassification } from '@crm/domain';
import { RecordedLog } from '@crm/testing';
import type { ClientView, FacilityView } from './client-view';
import { withArrearsAt, type ArrearsReading } from './client-view-arrears';
import { evolveClientView } from './client-view.projection';

const CLIENT = '0190a4c2-0000-7000-8000-000000000021';
const STREAM = `client-${CLIENT}`;
const TIME_ZONE = 'Asia/Shanghai';
const FLOORS = DEFAULT_RISK_RULES.rules['EW-CLASS-FLOOR'];
const READING: ArrearsReading = { timeZone: TIME_ZONE, floors: FLOORS };

/** Noon in Shanghai on 15 June 2026: the bank's date is 2026-06-15 whichever way it is read. */
const NOW = new Date('2026-06-15T04:00:00.000Z');
const TODAY = '2026-06-15';

const registered: ClientEvent = {
  type: 'ProspectRegistered',
  data: {
    clientId: CLIENT,
    branchId: 'br-sh-01',
    segment: 'corporate',
    industry: 'manufacturing',
    legalName: 'Shanghai Precision Tools Co., Ltd.',
    registrationNo: '91310000MA1FL0XX1X',
    contact: {},
    source: 'branch_walk_in',
  },
};

const limit = (facilityId: string): ClientEvent => ({
  type: 'CreditLimitSet',
  data: { facilityId, limit: '1000000.00', currency: 'CNY' },
});

/** A report as the decider writes it: its count is the one on the day of the report. */
const pastDue = (facilityId: string, overdueSince: string, daysPastDue = 1): ClientEvent => ({
  type: 'PaymentPastDue',
  data: { facilityId, overdueSince, daysPastDue, amountOverdue: '25000.00' },
});

const classified = (to: LoanClassification): ClientEvent => ({
  type: 'LoanClassificationChanged',
  data: { from: null, to, reason: 'review' },
});

/** The stored document, as the projection keeps it. */
const viewOf = (...events: ClientEvent[]): ClientView => {
  const log = new RecordedLog();
  for (const event of [registered, ...events]) log.append(STREAM, event);
  const view = log.events.reduce<ClientView | null>(evolveClientView, null);
  if (view === null) throw new Error('expected a view');
  return view;
};

/** A client whose only facility has been past due for `days` days on TODAY. */
const daysPastDue = (days: number, classification: LoanClassification | null = null): ClientView =>
  viewOf(
    limit('F-1'),
    pastDue('F-1', addDays(TODAY, -days)),
    ...(classification === null ? [] : [classified(classification)]),
  );

const facility = (view: ClientView, id: string): FacilityView => {
  const found = view.credit.facilities.find((f) => f.id === id);
  if (found === undefined) throw new Error(`no facility ${id}`);
  return found;
};

describe('withArrearsAt', () => {
  describe('days past due, counted when the view is read', () => {
    it('ages a single report: the stored count is that of the day of the report', () => {
      const stored = viewOf(limit('F-1'), pastDue('F-1', '2026-05-01', 3));
      expect(facility(stored, 'F-1')).toMatchObject({ overdueSince: '2026-05-01', daysPastDue: 3 });
      const read = withArrearsAt(stored, NOW, READING);
      expect(facility(read, 'F-1')).toEqual({ ...facility(stored, 'F-1'), daysPastDue: 45 });
    });

    it("turns a day at midnight on the bank's clock, not at midnight UTC", () => {
      const view = viewOf(limit('F-1'), pastDue('F-1', '2026-03-01'));
      // 23:59:59 on 10 March in Shanghai, then 00:00 on 11 March there (16:00 UTC, still 10 March in UTC).
      const before = withArrearsAt(view, new Date('2026-03-10T15:59:59.999Z'), READING);
      const after = withArrearsAt(view, new Date('2026-03-10T16:00:00.000Z'), READING);
      expect(facility(before, 'F-1').daysPastDue).toBe(9);
      expect(facility(after, 'F-1').daysPastDue).toBe(10);
      const utc = withArrearsAt(view, new Date('2026-03-10T16:00:00.000Z'), { ...READING, timeZone: 'UTC' });
      expect(facility(utc, 'F-1').daysPastDue).toBe(9);
    });

    it('counts 0 on the day the amount fell due, and never less', () => {
      const view = viewOf(limit('F-1'), pastDue('F-1', TODAY, 0));
      expect(facility(withArrearsAt(view, NOW, READING), 'F-1').daysPastDue).toBe(0);
      // Asked about an instant before the arrear began (an as-of read): not negative.
      expect(facility(withArrearsAt(view, new Date('2026-06-01T04:00:00.000Z'), READING), 'F-1').daysPastDue).toBe(0);
    });

    it('leaves a current facility at 0 with no date, also after a cure', () => {
      const view = viewOf(limit('F-1'), limit('F-2'), pastDue('F-2', '2026-01-01'), {
        type: 'PastDueCleared',
        data: { facilityId: 'F-2' },
      });
      const read = withArrearsAt(view, NOW, READING);
      expect(read.credit.facilities.map((f) => [f.id, f.overdueSince, f.daysPastDue])).toEqual([
        ['F-1', null, 0],
        ['F-2', null, 0],
      ]);
    });

    it('changes nothing but the counts and the floor, and leaves the stored document alone', () => {
      const stored = daysPastDue(100, 'normal');
      const copy = structuredClone(stored);
      const read = withArrearsAt(stored, NOW, READING);
      expect(stored).toEqual(copy);
      expect(stored.credit.classificationFloor).toBeUndefined();
      const { credit, ...rest } = read;
      const { credit: storedCredit, ...storedRest } = stored;
      expect(rest).toEqual(storedRest);
      expect(credit).toEqual({
        ...storedCredit,
        facilities: [{ ...facility(stored, 'F-1'), daysPastDue: 100 }],
        classificationFloor: { floor: 'substandard', facilityId: 'F-1', daysPastDue: 100, met: false },
      });
    });
  });

  describe('classification floor', () => {
    it('uses the thresholds of the shipped rules (1, 91, 271, 361 days)', () => {
      expect(FLOORS).toMatchObject({ specialMentionDays: 1, substandardDays: 91, doubtfulDays: 271, lossDays: 361 });
    });

    const floorAt = (days: number): LoanClassification | null =>
      withArrearsAt(daysPastDue(days), NOW, READING).credit.classificationFloor?.floor ?? null;

    it.each([
      [0, null],
      [1, 'special_mention'],
      [2, 'special_mention'],
      [90, 'special_mention'],
      [91, 'substandard'],
      [92, 'substandard'],
      [270, 'substandard'],
      [271, 'doubtful'],
      [272, 'doubtful'],
      [360, 'doubtful'],
      [361, 'loss'],
      [362, 'loss'],
      [3000, 'loss'],
    ] as const)('%i days past due: floor %s', (days, floor) => {
      expect(floorAt(days)).toBe(floor);
    });

    it('rises as the arrear ages, without any new report', () => {
      const view = daysPastDue(0);
      const floorOn = (date: string) =>
        withArrearsAt(view, new Date(`${date}T04:00:00.000Z`), READING).credit.classificationFloor?.floor ?? null;
      expect(
        [TODAY, addDays(TODAY, 1), addDays(TODAY, 91), addDays(TODAY, 271), addDays(TODAY, 361)].map(floorOn),
      ).toEqual([null, 'special_mention', 'substandard', 'doubtful', 'loss']);
    });

    it('follows the thresholds of the rules file it is given', () => {
      const stricter = { ...READING, floors: { ...FLOORS, specialMentionDays: 30, substandardDays: 60 } };
      const floorWith = (days: number) =>
        withArrearsAt(daysPastDue(days), NOW, stricter).credit.classificationFloor?.floor ?? null;
      expect([floorWith(30), floorWith(59), floorWith(60)]).toEqual([
        'special_mention',
        'special_mention',
        'substandard',
      ]);
      // Past due, yet below the first threshold: the floor is normal, which any classification meets.
      expect(withArrearsAt(daysPastDue(29, null), NOW, stricter).credit.classificationFloor).toEqual({
        floor: 'normal',
        facilityId: 'F-1',
        daysPastDue: 29,
        met: true,
      });
    });

    it.each([
      ['better than the floor', 'normal', false],
      ['never classified, read as normal', null, false],
      ['at the floor', 'substandard', true],
      ['worse than the floor', 'doubtful', true],
    ] as const)('is met=%s when the recorded classification is %s', (_case, classification, met) => {
      const read = withArrearsAt(daysPastDue(120, classification), NOW, READING);
      expect(read.credit.classification).toBe(classification);
      expect(read.credit.classificationFloor).toEqual({
        floor: 'substandard',
        facilityId: 'F-1',
        daysPastDue: 120,
        met,
      });
    });

    it('is special mention from the first day, unmet while the loan stays normal', () => {
      expect(withArrearsAt(daysPastDue(1, 'normal'), NOW, READING).credit.classificationFloor).toEqual({
        floor: 'special_mention',
        facilityId: 'F-1',
        daysPastDue: 1,
        met: false,
      });
      expect(withArrearsAt(daysPastDue(1, 'special_mention'), NOW, READING).credit.classificationFloor?.met).toBe(true);
    });

    it('is null when no facility is past due', () => {
      expect(withArrearsAt(viewOf(limit('F-1'), classified('normal')), NOW, READING).credit.classificationFloor).toBe(
        null,
      );
      expect(withArrearsAt(viewOf(), NOW, READING).credit.classificationFloor).toBeNull();
      expect(withArrearsAt(daysPastDue(0, 'normal'), NOW, READING).credit.classificationFloor).toBeNull();
    });

    it('comes from the most overdue facility', () => {
      const view = viewOf(
        limit('F-1'),
        limit('F-2'),
        limit('F-3'),
        pastDue('F-1', addDays(TODAY, -20)),
        pastDue('F-2', addDays(TODAY, -300)),
        pastDue('F-3', addDays(TODAY, -95)),
        classified('substandard'),
      );
      expect(withArrearsAt(view, NOW, READING).credit.classificationFloor).toEqual({
        floor: 'doubtful',
        facilityId: 'F-2',
        daysPastDue: 300,
        met: false,
      });
    });
  });

  describe('a document stored before arrears were dated (no overdueSince)', () => {
    /** What the projection wrote before v2: the facility has no overdueSince at all. */
    const undated = (days: number, classification: LoanClassification | null): ClientView => {
      const view = viewOf(limit('F-1'), ...(classification === null ? [] : [classified(classification)]));
      const { overdueSince: _absent, ...old } = { ...facility(view, 'F-1'), daysPastDue: days, amountOverdue: '9.00' };
      return { ...view, credit: { ...view.credit, facilities: [old as FacilityView] } };
    };

    it('keeps its stored count, whenever it is read, and reads the date as null', () => {
      const stored = undated(45, null);
      expect(stored.credit.facilities[0]).not.toHaveProperty('overdueSince');
      for (const at of [NOW, new Date('2027-06-15T04:00:00.000Z')]) {
        const read = withArrearsAt(stored, at, READING);
        expect(read.credit.facilities).toEqual([
          { ...stored.credit.facilities[0], overdueSince: null, daysPastDue: 45 },
        ]);
      }
    });

    it('still gets the floor of that count', () => {
      expect(withArrearsAt(undated(95, 'special_mention'), NOW, READING).credit.classificationFloor).toEqual({
        floor: 'substandard',
        facilityId: 'F-1',
        daysPastDue: 95,
        met: false,
      });
      expect(withArrearsAt(undated(0, 'normal'), NOW, READING).credit.classificationFloor).toBeNull();
    });
  });
});
