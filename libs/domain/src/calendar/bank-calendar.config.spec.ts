import { isBusinessDay } from './bank-calendar';
import { mergeBankCalendars, parseBankCalendar } from './bank-calendar.config';
import { BankCalendarError } from './bank-calendar.error';

const ZONE = 'Asia/Shanghai';

const file2026 = {
  years: [2026],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workingWeekendDays: ['2026-09-20', '2026-10-10'],
};

const problemsOf = (raw: unknown, timeZone = ZONE): readonly string[] => {
  try {
    parseBankCalendar(raw, timeZone);
  } catch (error) {
    if (error instanceof BankCalendarError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseBankCalendar', () => {
  test('given a well-formed file, then the calendar holds its years and dates in the zone', () => {
    const calendar = parseBankCalendar(file2026, ZONE);
    expect(calendar).toEqual({
      timeZone: ZONE,
      years: [2026],
      holidays: new Set(file2026.holidays),
      workingWeekendDays: new Set(file2026.workingWeekendDays),
    });
    expect(isBusinessDay('2026-10-10', calendar)).toBe(true);
    expect(isBusinessDay('2026-10-09', calendar)).toBe(true);
    expect(isBusinessDay('2026-10-08', calendar)).toBe(true);
    expect(isBusinessDay('2026-10-07', calendar)).toBe(false);
  });

  test('given empty lists, then the year is covered with no holidays', () => {
    const calendar = parseBankCalendar({ years: [2031, 2030], holidays: [], workingWeekendDays: [] }, ZONE);
    expect(calendar.years).toEqual([2030, 2031]);
    expect(calendar.holidays.size).toBe(0);
  });

  test('given a holiday on a weekend, then it is accepted: the file mirrors the notice', () => {
    expect(problemsOf({ ...file2026, holidays: ['2026-10-03', '2026-10-04'] })).toEqual([]);
  });

  test.each<[string, unknown, readonly string[]]>([
    ['not a mapping', ['2026-10-01'], ['must be a mapping of years, holidays, workingWeekendDays']],
    ['nothing at all', null, ['must be a mapping of years, holidays, workingWeekendDays']],
    [
      'a missing list',
      { years: [2026], holidays: [] },
      ['workingWeekendDays: must be a list of YYYY-MM-DD dates ([] for none)'],
    ],
    ['no years', { ...file2026, years: [] }, ['years: must be a non-empty list of years such as [2026]']],
    ['a year listed twice', { ...file2026, years: [2026, 2026] }, ['years: 2026 is listed twice']],
    [
      'a year that is no year',
      { ...file2026, years: [2026, '2027', 26.5] },
      ['years: 2027 is not a year such as 2026', 'years: 26.5 is not a year such as 2026'],
    ],
    [
      'malformed dates',
      { ...file2026, holidays: ['2026-02-30', '2026-2-1', 20261001, { day: 1 }] },
      [
        'holidays: 2026-02-30 is not a YYYY-MM-DD date',
        'holidays: 2026-2-1 is not a YYYY-MM-DD date',
        'holidays: 20261001 is not a YYYY-MM-DD date',
        'holidays: a mapping is not a YYYY-MM-DD date',
      ],
    ],
    [
      'a date listed twice',
      { ...file2026, holidays: ['2026-10-01', '2026-10-01'] },
      ['holidays: 2026-10-01 is listed twice'],
    ],
    [
      'a date outside the years',
      { ...file2026, holidays: ['2027-01-01'] },
      ['holidays: 2027-01-01 is outside the years of this calendar (2026)'],
    ],
    [
      'a working weekend day that is a weekday',
      { ...file2026, workingWeekendDays: ['2026-10-09'] },
      ['workingWeekendDays: 2026-10-09 is a weekday, not a Saturday or Sunday'],
    ],
    [
      'a day both off and worked',
      { ...file2026, holidays: [...file2026.holidays, '2026-10-10'] },
      ['2026-10-10 is both a holiday and a working weekend day'],
    ],
    [
      'an unknown key (a typo of a list name)',
      { ...file2026, workingDays: ['2026-10-10'] },
      ['workingDays: unknown key (use years, holidays, workingWeekendDays)'],
    ],
  ])('given %s, then it is refused naming the problem', (_name, raw, problems) => {
    expect(problemsOf(raw)).toEqual(problems);
  });

  test('given several problems, then all are listed at once, in one line', () => {
    let caught: unknown;
    try {
      parseBankCalendar({ ...file2026, years: [2026, 2026], workingWeekendDays: ['2026-10-09', 'soon'] }, ZONE);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BankCalendarError);
    expect((caught as BankCalendarError).message).toBe(
      'invalid bank calendar: years: 2026 is listed twice; workingWeekendDays: soon is not a YYYY-MM-DD date; ' +
        'workingWeekendDays: 2026-10-09 is a weekday, not a Saturday or Sunday',
    );
  });

  test('given an unknown time zone, then it is refused', () => {
    expect(problemsOf(file2026, 'Mars/Olympus')).toEqual(['time zone Mars/Olympus is not an IANA time zone name']);
  });

  test('given a long value, then the problem quotes only its start', () => {
    expect(problemsOf({ ...file2026, holidays: ['x'.repeat(100)] })).toEqual([
      `holidays: ${'x'.repeat(40)}… is not a YYYY-MM-DD date`,
    ]);
  });
});

describe('mergeBankCalendars', () => {
  const calendar2026 = parseBankCalendar(file2026, ZONE);
  const calendar2027 = parseBankCalendar(
    { years: [2027], holidays: ['2027-01-01'], workingWeekendDays: ['2027-02-20'] },
    ZONE,
  );

  test('given two years from two files, then one calendar covers both', () => {
    const merged = mergeBankCalendars(calendar2027, calendar2026);
    expect(merged.years).toEqual([2026, 2027]);
    expect(isBusinessDay('2026-10-01', merged)).toBe(false);
    expect(isBusinessDay('2027-01-01', merged)).toBe(false);
    expect(isBusinessDay('2027-02-20', merged)).toBe(true);
    expect(isBusinessDay('2026-10-10', merged)).toBe(true);
  });

  test('given the same year twice, then the merge is refused', () => {
    expect(() => mergeBankCalendars(calendar2026, calendar2026)).toThrow(
      'invalid bank calendar: years: 2026 is already covered by another calendar',
    );
  });

  test('given calendars of two zones, then the merge is refused', () => {
    const inUtc = parseBankCalendar({ ...file2026, years: [2028], holidays: [], workingWeekendDays: [] }, 'UTC');
    expect(() => mergeBankCalendars(calendar2026, inUtc)).toThrow(
      'invalid bank calendar: calendars of two time zones (Asia/Shanghai, UTC) cannot be merged',
    );
  });
});
