import type { Severity } from '../shared/scales';

/**
 * How long an alert may wait before it must be worked, by severity (the risk department's SLA).
 *
 * Business days are Monday to Friday in UTC. There is deliberately no holiday calendar: the
 * domain reads no external data, and a calendar would be configuration of the monitor; until one
 * exists, holidays count as business days (an alert is then due early, never late).
 * Critical alerts count calendar hours: they may not wait for a weekend to pass.
 */
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const CRITICAL_HOURS = 4;

const BUSINESS_DAYS: Readonly<Record<Exclude<Severity, 'critical'>, number>> = {
  high: 1,
  medium: 3,
  low: 10,
};

const isWeekend = (millis: number): boolean => {
  const day = new Date(millis).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * Adds whole business days, keeping the time of day. From a Saturday or Sunday the count starts
 * on Monday at the same time of day, so an alert raised at a weekend gets as many full business
 * days as one raised on Monday.
 */
const addBusinessDays = (millis: number, days: number): number => {
  let at = millis;
  while (isWeekend(at)) at += DAY_MS;
  for (let left = days; left > 0;) {
    at += DAY_MS;
    if (!isWeekend(at)) left -= 1;
  }
  return at;
};

/**
 * The due time of an alert of `severity` raised (or re-timed) at `fromIso`. `fromIso` is the
 * command's `now`, so a bad value is a caller bug and throws instead of producing a bogus date.
 */
export const dueByFor = (severity: Severity, fromIso: string): string => {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) throw new RangeError('dueByFor needs an ISO-8601 instant');
  const due =
    severity === 'critical' ? from + CRITICAL_HOURS * HOUR_MS : addBusinessDays(from, BUSINESS_DAYS[severity]);
  return new Date(due).toISOString();
};
