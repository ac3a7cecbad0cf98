import { InvalidQueryError } from '../queries/invalid-query.error';
import { monthCuts, requireSatisfactionWindow, satisfactionItems } from './satisfaction-report';

describe('satisfaction report', () => {
  it("cuts a window at the first instant of each month on the bank's wall clock", () => {
    expect(monthCuts('2026-01-15', '2026-03-31', 'Asia/Shanghai')).toEqual({
      periods: ['2026-01', '2026-02', '2026-03'],
      bounds: [
        '2026-01-14T16:00:00.000Z',
        '2026-01-31T16:00:00.000Z',
        '2026-02-28T16:00:00.000Z',
        '2026-03-31T16:00:00.000Z',
      ],
    });
    // Summer time starts on 29 March in Paris: April begins at 22:00 UTC, March at 23:00.
    expect(monthCuts('2026-03-01', '2026-04-30', 'Europe/Paris').bounds).toEqual([
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
      '2026-04-30T22:00:00.000Z',
    ]);
    expect(monthCuts('2026-12-31', '2027-01-01', 'UTC').periods).toEqual(['2026-12', '2027-01']);
  });

  it('takes a window of up to 1096 days, from before or on to', () => {
    expect(() => requireSatisfactionWindow('2026-01-01', '2026-01-01')).not.toThrow();
    expect(() => requireSatisfactionWindow('2024-01-01', '2026-12-31')).not.toThrow();
    const fieldOf = (from: string, to: string): string | null => {
      try {
        requireSatisfactionWindow(from, to);
        return null;
      } catch (error) {
        return error instanceof InvalidQueryError ? error.field : 'not a query error';
      }
    };
    expect(fieldOf('2024-01-01', '2027-01-01')).toBe('to');
    expect(fieldOf('2026-01-02', '2026-01-01')).toBe('to');
    expect(fieldOf('2026-02-29', '2026-03-01')).toBe('from');
    expect(fieldOf('2026-01-01', '2026-1-31')).toBe('to');
  });

  it('lists every month, and managers and tiers in a fixed order', () => {
    const counts = { npsAnswers: 1, promoters: 1, detractors: 0, csatAnswers: 0, satisfied: 0 };
    const cuts = monthCuts('2026-01-01', '2026-02-28', 'UTC');
    expect(satisfactionItems('month', [], cuts)).toEqual([
      { period: '2026-01', nps: null, csat: null, responses: 0, selfReported: 0 },
      { period: '2026-02', nps: null, csat: null, responses: 0, selfReported: 0 },
    ]);
    const rows = (groups: (string | null)[]) => groups.map((group) => ({ group, selfReported: false, counts }));
    expect(satisfactionItems('manager', rows(['m-b', 'M-a', 'm-a']), cuts)).toEqual(
      ['M-a', 'm-a', 'm-b'].map((managerId) => ({ managerId, nps: 100, csat: null, responses: 1, selfReported: 0 })),
    );
    const tiers = satisfactionItems('tier', rows([null, 'basic', 'core', 'key']), cuts);
    expect(tiers.map((item) => ('tier' in item ? item.tier : 'none'))).toEqual(['core', 'key', 'basic', null]);
  });
});
