import { addDays, bankDateOf, epochDayOf, isTimeZone, startOfBankDate, type BankDate } from './bank-date';

/**
 * The bank's working days: Monday to Friday in its time zone, less the public holidays, plus the
 * official working Saturdays and Sundays (调休) that pay for the long holidays. Mainland China
 * moves working days around every year by a State Council notice, so both lists come from
 * configuration (config/calendar/*.yaml, docs/decisions.md §29) and reach deciders as a value.
 *
 * For a year outside `years` nothing is known: Monday to Friday count as business days, which is
 * what the bank would assume before the year's notice is out.
 */
export type BankCalendar = Readonly<{
  /** IANA zone whose wall clock says which date an instant falls on. */
  timeZone: string;
  /** The years whose holidays and working weekend days the calendar holds, ascending. */
  years: readonly number[];
  /** Days off; those falling on a Saturday or Sunday change nothing but mirror the notice. */
  holidays: ReadonlySet<BankDate>;
  /** Saturdays and Sundays that are working days. */
  workingWeekendDays: ReadonlySet<BankDate>;
}>;

/** No holidays, no working weekends: Monday to Friday in `timeZone`. */
export const weekdaysCalendar = (timeZone: string): BankCalendar => {
  if (!isTimeZone(timeZone)) throw new RangeError('weekdaysCalendar needs an IANA time zone');
  return { timeZone, years: [], holidays: new Set(), workingWeekendDays: new Set() };
};

const epochDay = (date: BankDate): number => {
  const day = epochDayOf(date);
  if (day === null) throw new RangeError('a bank calendar needs YYYY-MM-DD dates');
  return day;
};

/** Whether `date` is a Saturday or a Sunday. Throws on a malformed date: a caller bug. */
export const isWeekend = (date: BankDate): boolean => {
  // 1970-01-01, epoch day 0, was a Thursday: +4 makes Sunday 0 and Saturday 6.
  const dayOfWeek = (((epochDay(date) + 4) % 7) + 7) % 7;
  return dayOfWeek === 0 || dayOfWeek === 6;
};

export const isBusinessDay = (date: BankDate, calendar: BankCalendar): boolean => {
  if (calendar.workingWeekendDays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(date);
};

export const coversYear = (calendar: BankCalendar, year: number): boolean => calendar.years.includes(year);

/**
 * `instantMs` (epoch milliseconds) moved on by `days` business days, at the same time of day on
 * the bank's wall clock. From a day that is not a business day the count starts on the next
 * business day, so an alert raised on a holiday gets as many full business days as one raised on
 * the first day back. Zero days from a day off is therefore the first day back.
 *
 * The time of day is kept as the time elapsed since the bank's midnight: on a day its zone
 * changes the clocks (never in Asia/Shanghai) the result is an hour off the wall clock.
 */
export const addBusinessDays = (instantMs: number, days: number, calendar: BankCalendar): number => {
  if (!Number.isFinite(instantMs)) throw new RangeError('addBusinessDays needs an instant');
  if (!Number.isInteger(days) || days < 0) throw new RangeError('addBusinessDays needs a whole number of days ≥ 0');
  const { timeZone } = calendar;
  let date = bankDateOf(instantMs, timeZone);
  const sinceMidnight = instantMs - startOfBankDate(date, timeZone);
  while (!isBusinessDay(date, calendar)) date = addDays(date, 1);
  for (let left = days; left > 0;) {
    date = addDays(date, 1);
    if (isBusinessDay(date, calendar)) left -= 1;
  }
  return startOfBankDate(date, timeZone) + sinceMidnight;
};
