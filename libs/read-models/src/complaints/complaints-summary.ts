import { bankDateOf, COMPLAINT_SEVERITIES, startOfBankDate, type ComplaintSeverity } from '@crm/domain';
import { codeUnitOrder } from '../queries/code-unit-order';
import type { ComplaintRow } from './complaint-row';

/** A month of the bank's calendar, `YYYY-MM`. */
const MONTH = /^([12]\d{3})-(0[1-9]|1[0-2])$/;

export const isReportMonth = (value: unknown): value is string => typeof value === 'string' && MONTH.test(value);

/** A month on the bank's wall clock, as the UTC instants it starts at (`from`) and the next one starts at (`to`). */
export type MonthWindow = Readonly<{ month: string; timeZone: string; from: string; to: string }>;

/** The month `YYYY-MM` of the bank's calendar holding the instant `now` (epoch ms). */
export const bankMonthOf = (now: number, timeZone: string): string => bankDateOf(now, timeZone).slice(0, 7);

/** Throws RangeError on anything but `YYYY-MM` (the API refuses it first, with a field error). */
export const monthWindow = (month: string, timeZone: string): MonthWindow => {
  const match = MONTH.exec(month);
  if (match === null) throw new RangeError('monthWindow needs a YYYY-MM month');
  const [year, number] = [Number(match[1]), Number(match[2])];
  const next = number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
  const start = (m: string): string => new Date(startOfBankDate(`${m}-01`, timeZone)).toISOString();
  return { month, timeZone, from: start(month), to: start(next) };
};

/** What the summary reads of a complaint. */
export type ComplaintSummaryRow = Pick<
  ComplaintRow,
  'complaintId' | 'category' | 'severity' | 'receivedAt' | 'acknowledgeBy' | 'dueBy' | 'acknowledgedAt' | 'resolvedAt'
>;

/** Deadlines met among those that had one: `inTime / withDeadline`, null when none had one. */
export type DeadlineShare = Readonly<{
  total: number;
  withDeadline: number;
  inTime: number;
  inTimeShare: number | null;
}>;

export type ComplaintsSummary = MonthWindow &
  Readonly<{
    branchId: string;
    /** Complaints received in the month, by category (most first, then by code) and by severity. */
    received: Readonly<{
      total: number;
      byCategory: readonly Readonly<{ category: string; count: number }>[];
      bySeverity: Readonly<Record<ComplaintSeverity | 'unrecorded', number>>;
    }>;
    /**
     * Complaints resolved in the month (whenever received): how many by their `dueBy`, and the
     * hours from receipt to resolution at the 50th and 90th percentile (nearest rank).
     */
    resolved: DeadlineShare & Readonly<{ resolutionHours: Readonly<{ p50: number | null; p90: number | null }> }>;
    /** Complaints acknowledged in the month (whenever received): how many by their `acknowledgeBy`. */
    acknowledged: DeadlineShare;
  }>;

const HOUR_MS = 3_600_000;

/**
 * Nearest-rank percentile of values sorted ascending: the smallest value with at least `p` % of
 * the values at or below it (rank ⌈p·n/100⌉), always one of the values; null for none.
 */
export const nearestRank = (sorted: readonly number[], p: number): number | null => {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1];
};

/** Hours between two instants, to two decimals. */
export const hoursBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / (HOUR_MS / 100)) / 100;

/** Met when done at or before the deadline (a deadline passes once its instant is behind). */
const deadlineShare = (done: readonly (readonly [string, string | null])[]): DeadlineShare => {
  const withDeadline = done.filter(([, deadline]) => deadline !== null);
  const inTime = withDeadline.filter(([at, deadline]) => Date.parse(at) <= Date.parse(deadline ?? '')).length;
  return {
    total: done.length,
    withDeadline: withDeadline.length,
    inTime,
    inTimeShare: withDeadline.length === 0 ? null : inTime / withDeadline.length,
  };
};

/**
 * The monthly complaints summary of a branch from its complaint rows (any that were received,
 * acknowledged or resolved in the month; others are ignored). Pure: the window comes from
 * monthWindow, the rows from the `complaints` read model.
 */
export const complaintsSummaryOf = (
  branchId: string,
  window: MonthWindow,
  rows: readonly ComplaintSummaryRow[],
): ComplaintsSummary => {
  const [from, to] = [Date.parse(window.from), Date.parse(window.to)];
  const inMonth = (at: string | null): at is string => {
    if (at === null) return false;
    const millis = Date.parse(at);
    return millis >= from && millis < to;
  };
  const received = rows.filter((row) => inMonth(row.receivedAt));
  const categories = new Map<string, number>();
  const bySeverity: Record<ComplaintSeverity | 'unrecorded', number> = {
    ...(Object.fromEntries(COMPLAINT_SEVERITIES.map((severity) => [severity, 0])) as Record<ComplaintSeverity, number>),
    unrecorded: 0,
  };
  for (const row of received) {
    categories.set(row.category, (categories.get(row.category) ?? 0) + 1);
    bySeverity[row.severity ?? 'unrecorded'] += 1;
  }
  const resolved = rows.filter((row) => inMonth(row.resolvedAt));
  const hours = resolved
    .map((row) => hoursBetween(row.receivedAt, row.resolvedAt ?? row.receivedAt))
    .sort((a, b) => a - b);
  return {
    branchId,
    ...window,
    received: {
      total: received.length,
      byCategory: [...categories]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || codeUnitOrder(a.category, b.category)),
      bySeverity,
    },
    resolved: {
      ...deadlineShare(resolved.map((row) => [row.resolvedAt ?? '', row.dueBy] as const)),
      resolutionHours: { p50: nearestRank(hours, 50), p90: nearestRank(hours, 90) },
    },
    acknowledged: deadlineShare(
      rows
        .filter((row) => inMonth(row.acknowledgedAt))
        .map((row) => [row.acknowledgedAt ?? '', row.acknowledgeBy] as const),
    ),
  };
};
