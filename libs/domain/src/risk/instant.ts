/**
 * Time arithmetic for the rules. The domain reads no clock: every instant comes from an event or
 * from the caller's `now`. Instants are compared as epoch milliseconds (strings with different
 * offsets do not sort), and stored as canonical UTC ISO strings so the state stays JSON.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** ISO-8601 with an explicit offset; Date.parse alone would accept locale formats. */
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const parseInstant = (value: unknown): number | null => {
  if (typeof value !== 'string' || !INSTANT_PATTERN.test(value)) return null;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? null : millis;
};

export const formatInstant = (millis: number): string => new Date(millis).toISOString();

/**
 * Calendar months in UTC, keeping the time of day; a day past the target month's end is clamped
 * (31 March minus one month is 28 or 29 February).
 */
export const addUtcMonths = (millis: number, months: number): number => {
  const date = new Date(millis);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(
    year,
    month,
    day,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
};
