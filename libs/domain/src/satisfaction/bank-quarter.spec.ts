import { isBankQuarter, quarterOfDate, quarterStartDate, shiftQuarter } from './bank-quarter';

describe('bank quarters', () => {
  test.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31', '2026-Q1'],
    ['2026-04-01', '2026-Q2'],
    ['2026-09-30', '2026-Q3'],
    ['2026-12-31', '2026-Q4'],
  ])('%s is in %s', (date, quarter) => {
    expect(quarterOfDate(date)).toBe(quarter);
  });

  test('a quarter starts on its first month’s first day, and moves across years', () => {
    expect(quarterStartDate('2026-Q3')).toBe('2026-07-01');
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftQuarter('2025-Q4', 1)).toBe('2026-Q1');
    expect(shiftQuarter('2026-Q2', 4)).toBe('2027-Q2');
  });

  test('only YYYY-Q1…Q4 is a quarter', () => {
    expect(['2026-Q1', '2026-Q4'].every(isBankQuarter)).toBe(true);
    expect(['2026-Q0', '2026-Q5', '2026Q1', '26-Q1', 2026].some(isBankQuarter)).toBe(false);
    expect(() => quarterStartDate('2026-Q5')).toThrow(RangeError);
  });
});
