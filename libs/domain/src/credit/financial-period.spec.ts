import {
  compareFinancialPeriods,
  latestReport,
  parseFinancialPeriod,
  samePeriodPreviousYear,
  supersedesLatest,
  type FinancialPeriod,
} from './financial-period';

const period = (code: string): FinancialPeriod => {
  const parsed = parseFinancialPeriod(code);
  if (parsed === null) throw new Error(`${code} should parse`);
  return parsed;
};

const previousCode = (code: string): string | null => samePeriodPreviousYear(period(code))?.code ?? null;

describe('financial periods', () => {
  describe('parsing', () => {
    test.each<[string, Omit<FinancialPeriod, 'code'>]>([
      ['2025', { year: 2025, kind: 'year', index: 1, months: 12, endMonth: 2025 * 12 + 11 }],
      ['2025-H1', { year: 2025, kind: 'half', index: 1, months: 6, endMonth: 2025 * 12 + 5 }],
      ['2025-H2', { year: 2025, kind: 'half', index: 2, months: 6, endMonth: 2025 * 12 + 11 }],
      ['2025-Q1', { year: 2025, kind: 'quarter', index: 1, months: 3, endMonth: 2025 * 12 + 2 }],
      ['2025-Q4', { year: 2025, kind: 'quarter', index: 4, months: 3, endMonth: 2025 * 12 + 11 }],
      ['2025-01', { year: 2025, kind: 'month', index: 1, months: 1, endMonth: 2025 * 12 }],
      ['2025-12', { year: 2025, kind: 'month', index: 12, months: 1, endMonth: 2025 * 12 + 11 }],
    ])('given %s, when parsed, then it is that period', (code, expected) => {
      expect(parseFinancialPeriod(code)).toEqual({ code, ...expected });
    });

    test.each([
      ['a fifth quarter', '2025-Q5'],
      ['a quarter 0', '2025-Q0'],
      ['a third half', '2025-H3'],
      ['a thirteenth month', '2025-13'],
      ['month 00', '2025-00'],
      ['a one-digit month', '2025-3'],
      ['a two-digit year', '25'],
      ['a missing dash', '2025H1'],
      ['a lower-case quarter', '2025-q1'],
      ['a date', '2025-03-31'],
      ['surrounding space', ' 2025'],
      ['a trailing newline', '2025\n'],
      ['an empty string', ''],
      ['a number', 2025],
      ['null', null],
    ])('given %s, when parsed, then it is no period', (_name, code) => {
      expect(parseFinancialPeriod(code)).toBeNull();
    });
  });

  describe('the same period of the previous year', () => {
    test.each([
      ['2025-Q4', '2024-Q4'],
      ['2025-H1', '2024-H1'],
      ['2025', '2024'],
      ['2025-03', '2024-03'],
      ['2000-12', '1999-12'],
      ['0001-Q1', '0000-Q1'],
    ])('given %s, then it is %s', (code, expected) => {
      expect(previousCode(code)).toBe(expected);
    });

    test('given year 0000, then there is none: no earlier year has a four-digit code', () => {
      expect(previousCode('0000-H2')).toBeNull();
    });
  });

  describe('order and the latest period', () => {
    test('given periods of every length, when sorted, then by end month, the longer last among equal ends', () => {
      const codes = ['2025', '2025-12', '2026-01', '2025-Q4', '2025-H1', '2025-Q2', '2025-06', '2024', '2025-H2'];
      const sorted = codes.map(period).sort(compareFinancialPeriods);
      expect(sorted.map((p) => p.code)).toEqual([
        '2024',
        '2025-06',
        '2025-Q2',
        '2025-H1',
        '2025-12',
        '2025-Q4',
        '2025-H2',
        '2025',
        '2026-01',
      ]);
    });

    test('given the same period twice, then they compare equal', () => {
      expect(compareFinancialPeriods(period('2025-Q3'), period('2025-Q3'))).toBe(0);
    });

    test('given a year, its Q4 and its December, then the year is the latest, whatever the order received', () => {
      const reports = [{ period: '2025-12' }, { period: '2025' }, { period: '2025-Q4' }];
      expect(latestReport(reports)).toEqual({ period: '2025' });
      expect(latestReport([...reports].reverse())).toEqual({ period: '2025' });
    });

    test('given a restatement of an older period received last, then the newer period stays the latest', () => {
      const reports = [
        { period: '2025-Q1', revenue: '1' },
        { period: '2025-Q2', revenue: '2' },
        { period: '2025-Q1', revenue: '3' },
      ];
      expect(latestReport(reports)).toEqual({ period: '2025-Q2', revenue: '2' });
    });

    test('given a month after the year before it, then the month is the latest: it ends later', () => {
      expect(latestReport([{ period: '2026-01' }, { period: '2025' }])).toEqual({ period: '2026-01' });
    });

    test('given two reports of the same period, then the later in the list is the latest', () => {
      expect(
        latestReport([
          { period: '2025', revenue: '1' },
          { period: '2025', revenue: '2' },
        ]),
      ).toEqual({
        period: '2025',
        revenue: '2',
      });
    });

    test('given no reports, then there is no latest', () => {
      expect(latestReport([])).toBeUndefined();
    });

    test('a later or the same period supersedes the latest; an earlier one does not', () => {
      expect(supersedesLatest('2025', '2025-Q4')).toBe(true);
      expect(supersedesLatest('2025-Q4', '2025-Q4')).toBe(true);
      expect(supersedesLatest('2025-Q4', '2025')).toBe(false);
      // String order would say otherwise: '2025-12' < '2025-Q1'.
      expect(supersedesLatest('2025-12', '2025-Q1')).toBe(true);
      expect(supersedesLatest('2025-Q1', '2025-12')).toBe(false);
    });

    test('a code that is not a period ranks below every period', () => {
      expect(supersedesLatest('2025-Q5', '1990')).toBe(false);
      expect(supersedesLatest('1990', '2025-Q5')).toBe(true);
      expect(latestReport([{ period: '1990' }, { period: 'FY25' }])).toEqual({ period: '1990' });
    });
  });
});
