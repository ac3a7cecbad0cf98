import {
  addBusinessDays,
  coversYear,
  isBusinessDay,
  isWeekend,
  weekdaysCalendar,
  type BankCalendar,
} from './bank-calendar';

// Part of the 2026 notice: National Day 1–7 Oct (Thu–Wed), worked on Sun 20 Sep and Sat 10 Oct.
const calendar: BankCalendar = {
  timeZone: 'Asia/Shanghai',
  years: [2026],
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workingWeekendDays: new Set(['2026-09-20', '2026-10-10']),
};

/** `days` business days on from `from` (ISO with offset), as a Shanghai wall-clock ISO string. */
const due = (from: string, days: number, on: BankCalendar = calendar): string => {
  const at = addBusinessDays(Date.parse(from), days, on);
  return new Date(at + 8 * 60 * 60 * 1000).toISOString().replace('.000Z', '+08:00');
};

describe('isBusinessDay', () => {
  test.each([
    ['a Monday to Friday', '2026-09-30', true],
    ['a Saturday', '2026-09-26', false],
    ['a holiday on a weekday', '2026-10-05', false],
    ['a holiday on a weekend', '2026-10-03', false],
    ['an official working Sunday', '2026-09-20', true],
    ['an official working Saturday', '2026-10-10', true],
    ['the weekday of a year the calendar does not cover', '2027-10-01', true],
    ['the weekend of a year the calendar does not cover', '2027-10-02', false],
  ])('given %s (%s), then it is a business day: %s', (_name, date, expected) => {
    expect(isBusinessDay(date, calendar)).toBe(expected);
  });

  test('a malformed date is a caller bug and throws', () => {
    expect(() => isBusinessDay('2026-02-30', calendar)).toThrow(RangeError);
  });
});

describe('addBusinessDays on the bank calendar in Asia/Shanghai', () => {
  test.each([
    ['a Monday, 1 day: Tuesday at the same time', '2026-09-14T09:30:00+08:00', 1, '2026-09-15T09:30:00+08:00'],
    ['a Friday, 1 day: Monday', '2026-09-11T16:00:00+08:00', 1, '2026-09-14T16:00:00+08:00'],
    ['a Saturday, 1 day: counts from Monday', '2026-09-12T10:00:00+08:00', 1, '2026-09-15T10:00:00+08:00'],
    ['a Friday, 1 day: the working Sunday after it', '2026-09-18T10:00:00+08:00', 1, '2026-09-20T10:00:00+08:00'],
    ['a working Sunday, 1 day: Monday', '2026-09-20T10:00:00+08:00', 1, '2026-09-21T10:00:00+08:00'],
    ['the eve of National Day, 1 day: the first day back', '2026-09-30T10:00:00+08:00', 1, '2026-10-08T10:00:00+08:00'],
    [
      'the eve of National Day, 3 days: the working Saturday',
      '2026-09-30T10:00:00+08:00',
      3,
      '2026-10-10T10:00:00+08:00',
    ],
    ['a holiday, 1 day: counts from the first day back', '2026-10-03T11:00:00+08:00', 1, '2026-10-09T11:00:00+08:00'],
    ['a holiday, 0 days: the first day back', '2026-10-03T11:00:00+08:00', 0, '2026-10-08T11:00:00+08:00'],
    ['a business day, 0 days: the same instant', '2026-09-30T10:00:00+08:00', 0, '2026-09-30T10:00:00+08:00'],
    [
      '31 Dec, 1 day: New Year of an uncovered year is a Friday like any other',
      '2026-12-31T10:00:00+08:00',
      1,
      '2027-01-01T10:00:00+08:00',
    ],
    ['a Thursday of an uncovered year, 2 days: Monday', '2027-09-30T10:00:00+08:00', 2, '2027-10-04T10:00:00+08:00'],
  ])('given %s', (_name, from, days, expected) => {
    expect(due(from, days)).toBe(expected);
  });

  test('the bank day is read on the bank wall clock: late Sunday in UTC is Monday in Shanghai', () => {
    // given Sunday 2026-09-13 23:30 UTC, which is Monday 07:30 in Shanghai
    // when one business day is added
    // then it is due Tuesday 07:30 in Shanghai
    expect(due('2026-09-13T23:30:00Z', 1)).toBe('2026-09-15T07:30:00+08:00');
    // while on a UTC calendar the same instant is a Sunday and counts from Monday
    expect(
      new Date(addBusinessDays(Date.parse('2026-09-13T23:30:00Z'), 1, weekdaysCalendar('UTC'))).toISOString(),
    ).toBe('2026-09-15T23:30:00.000Z');
  });

  test('a negative or fractional count is a caller bug and throws', () => {
    expect(() => addBusinessDays(Date.parse('2026-09-14T09:30:00+08:00'), -1, calendar)).toThrow(RangeError);
    expect(() => addBusinessDays(Date.parse('2026-09-14T09:30:00+08:00'), 1.5, calendar)).toThrow(RangeError);
    expect(() => addBusinessDays(Number.NaN, 1, calendar)).toThrow(RangeError);
  });
});

describe('weekdaysCalendar', () => {
  test('given no holidays, Monday to Friday are the business days and no year is covered', () => {
    const weekdays = weekdaysCalendar('Asia/Shanghai');
    expect(isBusinessDay('2026-10-01', weekdays)).toBe(true);
    expect(isBusinessDay('2026-10-10', weekdays)).toBe(false);
    expect(coversYear(weekdays, 2026)).toBe(false);
  });

  test('refuses an unknown time zone', () => {
    expect(() => weekdaysCalendar('Mars/Olympus')).toThrow(RangeError);
  });
});

describe('isWeekend and coversYear', () => {
  test('Saturdays and Sundays are the weekend, across the epoch too', () => {
    expect(['2026-10-09', '2026-10-10', '2026-10-11', '2026-10-12'].map(isWeekend)).toEqual([false, true, true, false]);
    expect(['1969-12-27', '1969-12-29', '1970-01-03', '1970-01-04'].map(isWeekend)).toEqual([true, false, true, true]);
  });

  test('a calendar covers the years it lists', () => {
    expect(coversYear(calendar, 2026)).toBe(true);
    expect(coversYear(calendar, 2027)).toBe(false);
  });
});
