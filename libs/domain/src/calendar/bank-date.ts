/**
 * Calendar dates of the bank (`YYYY-MM-DD`, no time, no offset). Arrears age, SLAs fall due and
 * reviews come up by the date on the bank's wall clock, not by UTC: 01:00 in Shanghai is still the
 * previous day in UTC. Pure: the time zone is an argument and the instant comes from the caller.
 */
export type BankDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Epoch day number of a valid date (days since 1970-01-01), or null for anything else. */
export const epochDayOf = (value: unknown): number | null => {
  if (typeof value !== 'string') return null;
  const match = DATE_PATTERN.exec(value);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const millis = Date.UTC(year, month - 1, day);
  const date = new Date(millis);
  // Date.UTC rolls 2026-02-30 over into March; a real date round-trips.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return millis / DAY_MS;
};

export const isBankDate = (value: unknown): value is BankDate => epochDayOf(value) !== null;

export const dateOfEpochDay = (epochDay: number): BankDate => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);

/** `date` moved by whole days (negative goes back). Throws on a malformed date: a caller bug. */
export const addDays = (date: BankDate, days: number): BankDate => {
  const day = epochDayOf(date);
  if (day === null) throw new RangeError('addDays needs a YYYY-MM-DD date');
  return dateOfEpochDay(day + days);
};

/** Whole days from `from` to `to` (negative when `to` is earlier). Throws on a malformed date. */
export const daysBetween = (from: BankDate, to: BankDate): number => {
  const start = epochDayOf(from);
  const end = epochDayOf(to);
  if (start === null || end === null) throw new RangeError('daysBetween needs YYYY-MM-DD dates');
  return end - start;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // en-CA formats as YYYY-MM-DD; the parts are read by type anyway, so the locale only fixes digits.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Whether the runtime knows `timeZone` (an IANA name such as Asia/Shanghai). */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

const formattedDateOf = (millis: number, timeZone: string): BankDate => {
  const parts = formatterFor(timeZone).formatToParts(new Date(millis));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
};

/**
 * The last date bankDateOf answered in each zone, with the instants it spans: reads ask for the
 * bank's "today" on every request (a client view's month-end trends), and formatToParts was a few
 * per cent of a view's CPU. Kept only where the span checks out at both ends, so a zone whose day
 * does not begin at midnight is simply never remembered.
 */
const lastDates = new Map<string, Readonly<{ date: BankDate; from: number; to: number }>>();

/** The date on the bank's wall clock at `millis` (epoch milliseconds) in `timeZone`. */
export const bankDateOf = (millis: number, timeZone: string): BankDate => {
  const last = lastDates.get(timeZone);
  if (last !== undefined && millis >= last.from && millis < last.to) return last.date;
  const date = formattedDateOf(millis, timeZone);
  const day = epochDayOf(date);
  if (day === null) return date;
  const from = startOfBankDate(date, timeZone);
  const to = startOfBankDate(dateOfEpochDay(day + 1), timeZone);
  const spans =
    from <= millis &&
    millis < to &&
    formattedDateOf(from, timeZone) === date &&
    formattedDateOf(to - 1, timeZone) === date &&
    formattedDateOf(to, timeZone) !== date;
  if (spans) lastDates.set(timeZone, { date, from, to });
  return date;
};

/**
 * Answers of startOfBankDate, which is pure: a client view works out its 12 month-ends on every
 * read, and each answer costs two Intl formatToParts (profiled at a quarter of a view's CPU time).
 * Bounded: emptied when full, which a few years of dates in a handful of zones never fill.
 */
const startsOfBankDates = new Map<string, number>();
const MAX_REMEMBERED_STARTS = 4_096;

/** The UTC instant (epoch ms) at which `date` begins on the bank's wall clock in `timeZone`. */
export const startOfBankDate = (date: BankDate, timeZone: string): number => {
  const key = `${timeZone}\u0000${date}`;
  let start = startsOfBankDates.get(key);
  if (start === undefined) {
    start = computeStartOfBankDate(date, timeZone);
    if (startsOfBankDates.size >= MAX_REMEMBERED_STARTS) startsOfBankDates.clear();
    startsOfBankDates.set(key, start);
  }
  return start;
};

const computeStartOfBankDate = (date: BankDate, timeZone: string): number => {
  const day = epochDayOf(date);
  if (day === null) throw new RangeError('startOfBankDate needs a YYYY-MM-DD date');
  // Guess midnight UTC, then correct by the zone's offset at that instant; a second pass settles
  // a guess that fell on the other side of an offset change.
  let guess = day * DAY_MS;
  for (let pass = 0; pass < 2; pass++) {
    const offset = offsetAt(guess, timeZone);
    guess = day * DAY_MS - offset;
  }
  return guess;
};

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `millis`, in milliseconds. */
const offsetAt = (millis: number, timeZone: string): number => {
  let formatter = offsetFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(millis));
  const value = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((entry) => entry.type === type)?.value ?? 0);
  const wall = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return wall - (millis - (millis % 1000));
};
