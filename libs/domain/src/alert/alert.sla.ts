import { addBusinessDays, type BankCalendar } from '../calendar/bank-calendar';
import type { Severity } from '../common/scales';

/**
 * How long an alert may wait before it must be worked, by severity (the risk department's SLA).
 *
 * Business days are the bank's (docs/decisions.md §29): its working days in its time zone, with
 * the public holidays off and the official working weekends on, from the calendar the process
 * loaded at boot. Critical alerts count calendar hours: they may not wait for a holiday to pass.
 */
const HOUR_MS = 60 * 60 * 1000;

const CRITICAL_HOURS = 4;

const BUSINESS_DAYS: Readonly<Record<Exclude<Severity, 'critical'>, number>> = {
  high: 1,
  medium: 3,
  low: 10,
};

/**
 * The due time of an alert of `severity` raised (or re-timed) at `fromIso`, at the same time of
 * day on the bank's wall clock; from a day off the count starts on the next business day, so an
 * alert raised on a holiday gets as many full business days as one raised on the first day back.
 * `fromIso` is the command's `now`, so a bad value is a caller bug and throws instead of producing
 * a bogus date.
 */
export const dueByFor = (severity: Severity, fromIso: string, calendar: BankCalendar): string => {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) throw new RangeError('dueByFor needs an ISO-8601 instant');
  const due =
    severity === 'critical'
      ? from + CRITICAL_HOURS * HOUR_MS
      : addBusinessDays(from, BUSINESS_DAYS[severity], calendar);
  return new Date(due).toISOString();
};
