import { daysBetween } from '@crm/domain';

/**
 * Assets under management: what the client keeps with the bank, its deposit and wealth holdings.
 * Loans outstanding are the facilities' drawn amounts, not loan holdings' balances: a loan holding
 * is drawn under a facility, and counting both would count the debt twice.
 */
const AUM_CATEGORIES: ReadonlySet<string> = new Set(['deposit', 'wealth']);

export const isAumHolding = (category: string): boolean => AUM_CATEGORIES.has(category);

/** A deposit or wealth holding's reported balance at the end of the bank date `asOf`. */
export type HoldingBalancePoint = Readonly<{ asOf: string; amount: string }>;

/**
 * The balances of one deposit or wealth holding, as much of them as the last 12 month-ends need:
 * its latest report of each month (a month-end's balance is the latest report dated on or
 * before it). `closedAt` (occurredAt of ProductHoldingClosed) ends its share of later month-ends.
 */
export type HoldingBalanceSeries = Readonly<{
  holdingId: string;
  currency: string;
  closedAt: string | null;
  points: readonly HoldingBalancePoint[];
}>;

/** A facility's limit and drawn amount as they stood from `at` (occurredAt of the report) on. */
export type FacilityPoint = Readonly<{ at: string; limit: string | null; drawn: string }>;

/**
 * A facility's limit and drawn amount over time. Their reports carry no date of their own, so
 * they are placed by when they happened; which bank month that was depends on the bank's zone,
 * known only when the view is read (see `facilityBucketOf`).
 */
export type FacilitySeries = Readonly<{
  facilityId: string;
  currency: string | null;
  points: readonly FacilityPoint[];
}>;

/**
 * Stored with the client view (the projection cannot read the stream again) and turned into the
 * `balances` figures when the view is read; never served as it is.
 */
export type BalanceHistory = Readonly<{
  holdings: readonly HoldingBalanceSeries[];
  facilities: readonly FacilitySeries[];
}>;

export const EMPTY_BALANCE_HISTORY: BalanceHistory = Object.freeze({ holdings: [], facilities: [] });

/**
 * How far back a series keeps points, counted from its newest: the trend's 12 month-ends, the
 * month being reported on, and one month of slack. The newest point before that stays as well:
 * it is still the balance of every month-end after it.
 */
const KEPT_MONTHS = 14;

const monthIndexOfDate = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

const monthIndexOfInstant = (millis: number): number => {
  const date = new Date(millis);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
};

/** Points in time order, of which those older than KEPT_MONTHS before the newest go but the latest of them. */
const pruned = <P>(points: readonly P[], monthOf: (point: P) => number): P[] => {
  const newest = points.at(-1);
  if (newest === undefined) return [];
  const horizon = monthOf(newest) - KEPT_MONTHS;
  const firstKept = points.findIndex((point) => monthOf(point) >= horizon);
  return firstKept <= 0 ? [...points] : points.slice(firstKept - 1);
};

/** A series' points with `point` in date order; it replaces one of the same month that is not later than it. */
const withHoldingPoint = (
  points: readonly HoldingBalancePoint[],
  point: HoldingBalancePoint,
): HoldingBalancePoint[] => {
  const month = point.asOf.slice(0, 7);
  const same = points.find((p) => p.asOf.slice(0, 7) === month);
  // Within a month only the latest date matters to a month-end; a restatement of it replaces it.
  if (same !== undefined && daysBetween(same.asOf, point.asOf) < 0) return [...points];
  const others = points.filter((p) => p !== same);
  const next = [...others, point].sort((a, b) => daysBetween(b.asOf, a.asOf));
  return pruned(next, (p) => monthIndexOfDate(p.asOf));
};

export const withHoldingBalance = (
  history: BalanceHistory,
  holdingId: string,
  currency: string,
  point: HoldingBalancePoint,
): BalanceHistory => {
  const current = history.holdings.find((s) => s.holdingId === holdingId);
  const series: HoldingBalanceSeries = {
    holdingId,
    currency,
    closedAt: current?.closedAt ?? null,
    points: withHoldingPoint(current?.points ?? [], point),
  };
  return {
    ...history,
    holdings:
      current === undefined ? [...history.holdings, series] : history.holdings.map((s) => (s === current ? series : s)),
  };
};

export const withHoldingClosed = (history: BalanceHistory, holdingId: string, closedAt: string): BalanceHistory => ({
  ...history,
  holdings: history.holdings.map((s) => (s.holdingId === holdingId ? { ...s, closedAt } : s)),
});

/** A bank's month-end lies within this of the UTC month boundary: zones run from UTC−12 to UTC+14. */
const ZONE_SPAN_MS = 14 * 3_600_000;

/**
 * Which points of a facility replace one another. Far from a UTC month boundary, the month: only
 * its last point can be a month-end's figure. Near one, the bank's month-end may fall on either
 * side of a point, depending on a zone the projection does not know: each point is kept.
 */
export const facilityBucketOf = (at: string): string => {
  const millis = Date.parse(at);
  const date = new Date(millis);
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const nextMonthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  if (millis - monthStart < ZONE_SPAN_MS || nextMonthStart - millis <= ZONE_SPAN_MS) return at;
  return at.slice(0, 7);
};

export const withFacilityPoint = (
  history: BalanceHistory,
  facilityId: string,
  currency: string | null,
  point: FacilityPoint,
): BalanceHistory => {
  const current = history.facilities.find((s) => s.facilityId === facilityId);
  // Stable: of two points at one instant, the later report stays.
  const all = [...(current?.points ?? []), point].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const lastOfEachBucket = all.filter(
    (p, i) => i === all.length - 1 || facilityBucketOf(all[i + 1].at) !== facilityBucketOf(p.at),
  );
  const series: FacilitySeries = {
    facilityId,
    currency,
    points: pruned(lastOfEachBucket, (p) => monthIndexOfInstant(Date.parse(p.at))),
  };
  return {
    ...history,
    facilities:
      current === undefined
        ? [...history.facilities, series]
        : history.facilities.map((s) => (s === current ? series : s)),
  };
};
