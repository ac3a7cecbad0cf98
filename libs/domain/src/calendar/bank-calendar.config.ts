import { isBankDate, isTimeZone, type BankDate } from './bank-date';
import { isWeekend, type BankCalendar } from './bank-calendar';
import { BankCalendarError } from './bank-calendar.error';
import { isMapping, shownValue } from '../common/config-values';

/**
 * A bank calendar as configured (one file of config/calendar, parsed from YAML):
 *
 *   years: [2026]
 *   holidays: [2026-01-01, …]
 *   workingWeekendDays: [2026-01-04, …]
 *
 * Rules, each reported with the offending value so one pass over the file fixes it:
 * - `years` is a non-empty list of distinct years; every date falls in one of them. A notice that
 *   reaches across New Year is split between the files of the two years, so that every year is
 *   described by one file only and two files can never disagree about a date.
 * - dates are real `YYYY-MM-DD` dates, each listed once, none both a holiday and a working day.
 * - a working weekend day is a Saturday or a Sunday (any other day is a working day anyway, so
 *   listing it is a mistake: most likely the wrong date was copied from the notice).
 * - a holiday may fall on a Saturday or Sunday: the notices give each holiday as a run of days
 *   ("15–23 Feb") that includes the weekend, and the file mirrors the notice; it changes nothing.
 */
const KEYS = ['years', 'holidays', 'workingWeekendDays'] as const;
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

const yearsOf = (value: unknown, problems: string[]): ReadonlySet<number> => {
  const years = new Set<number>();
  if (!Array.isArray(value) || value.length === 0) {
    problems.push('years: must be a non-empty list of years such as [2026]');
    return years;
  }
  for (const year of value) {
    if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      problems.push(`years: ${shownValue(year)} is not a year such as 2026`);
    } else if (years.has(year)) {
      problems.push(`years: ${year} is listed twice`);
    } else {
      years.add(year);
    }
  }
  return years;
};

const datesOf = (
  field: (typeof KEYS)[number],
  value: unknown,
  years: ReadonlySet<number>,
  problems: string[],
): ReadonlySet<BankDate> => {
  const dates = new Set<BankDate>();
  if (!Array.isArray(value)) {
    problems.push(`${field}: must be a list of YYYY-MM-DD dates ([] for none)`);
    return dates;
  }
  for (const date of value) {
    if (!isBankDate(date)) {
      problems.push(`${field}: ${shownValue(date)} is not a YYYY-MM-DD date`);
    } else if (dates.has(date)) {
      problems.push(`${field}: ${date} is listed twice`);
    } else if (years.size > 0 && !years.has(Number(date.slice(0, 4)))) {
      problems.push(`${field}: ${date} is outside the years of this calendar (${[...years].join(', ')})`);
    } else {
      dates.add(date);
    }
  }
  return dates;
};

/**
 * The calendar that `raw` (one parsed calendar file) describes in `timeZone`, or a
 * BankCalendarError listing every problem.
 */
export const parseBankCalendar = (raw: unknown, timeZone: string): BankCalendar => {
  const problems: string[] = [];
  if (!isTimeZone(timeZone)) problems.push(`time zone ${shownValue(timeZone)} is not an IANA time zone name`);
  if (!isMapping(raw)) {
    throw new BankCalendarError([...problems, `must be a mapping of ${KEYS.join(', ')}`]);
  }
  for (const key of Object.keys(raw)) {
    if (!(KEYS as readonly string[]).includes(key))
      problems.push(`${shownValue(key)}: unknown key (use ${KEYS.join(', ')})`);
  }
  const years = yearsOf(raw.years, problems);
  const holidays = datesOf('holidays', raw.holidays, years, problems);
  const workingWeekendDays = datesOf('workingWeekendDays', raw.workingWeekendDays, years, problems);
  for (const date of workingWeekendDays) {
    if (!isWeekend(date)) problems.push(`workingWeekendDays: ${date} is a weekday, not a Saturday or Sunday`);
    if (holidays.has(date)) problems.push(`${date} is both a holiday and a working weekend day`);
  }
  if (problems.length > 0) throw new BankCalendarError(problems);
  return { timeZone, years: [...years].sort((a, b) => a - b), holidays, workingWeekendDays };
};

/**
 * One calendar covering the years of both. Each year must come from one calendar only; with
 * dates confined to their calendar's years (parseBankCalendar), two parsed calendars then never
 * disagree about a date.
 */
export const mergeBankCalendars = (first: BankCalendar, second: BankCalendar): BankCalendar => {
  const problems: string[] = [];
  if (first.timeZone !== second.timeZone) {
    problems.push(`calendars of two time zones (${first.timeZone}, ${second.timeZone}) cannot be merged`);
  }
  for (const year of second.years) {
    if (first.years.includes(year)) problems.push(`years: ${year} is already covered by another calendar`);
  }
  if (problems.length > 0) throw new BankCalendarError(problems);
  return {
    timeZone: first.timeZone,
    years: [...first.years, ...second.years].sort((a, b) => a - b),
    holidays: new Set([...first.holidays, ...second.holidays]),
    workingWeekendDays: new Set([...first.workingWeekendDays, ...second.workingWeekendDays]),
  };
};
