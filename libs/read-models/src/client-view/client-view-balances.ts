import { addDays, bankDateOf, decimalOfUnits, startOfBankDate, toUnits } from '@crm/domain';
import type { BalanceHistory, FacilitySeries, HoldingBalanceSeries } from './balance-history';
import { EMPTY_BALANCE_HISTORY, isAumHolding } from './balance-history';
import type { ClientView, CurrencyBalancesView } from './client-view';

/** How many month-ends the trend shows, the last one first ended before the day of reading. */
export const TREND_MONTH_ENDS = 12;

type Sums = { aum: bigint; loansOutstanding: bigint; totalLimits: bigint };

/** Figures in one currency as fixed-point units (toUnits), for exact sums over clients. */
export type BalanceUnits = Readonly<{ currency: string; aum: bigint; loansOutstanding: bigint; totalLimits: bigint }>;

/** Per currency in code order, without the currencies whose sums are all zero: one form for every way of summing. */
export const balancesInOrder = (balances: Iterable<BalanceUnits>): BalanceUnits[] =>
  [...balances]
    .filter((b) => b.aum !== 0n || b.loansOutstanding !== 0n || b.totalLimits !== 0n)
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));

/** Per currency: amounts are never converted, so each currency has its own figures. */
class SumsByCurrency {
  private readonly sums = new Map<string, Sums>();

  add(currency: string, figure: keyof Sums, amount: string): void {
    const sums = this.of(currency);
    sums[figure] += toUnits(amount);
  }

  of(currency: string): Sums {
    let sums = this.sums.get(currency);
    if (sums === undefined) {
      sums = { aum: 0n, loansOutstanding: 0n, totalLimits: 0n };
      this.sums.set(currency, sums);
    }
    return sums;
  }

  currencies(): string[] {
    return [...this.sums.keys()];
  }

  units(): BalanceUnits[] {
    return [...this.sums.entries()].map(([currency, sums]) => ({ currency, ...sums }));
  }
}

const shown = (sums: Sums) => ({
  aum: decimalOfUnits(sums.aum),
  loansOutstanding: decimalOfUnits(sums.loansOutstanding),
  totalLimits: decimalOfUnits(sums.totalLimits),
});

const addFacility = (sums: SumsByCurrency, currency: string | null, limit: string | null, drawn: string): void => {
  // Utilisation reported before any limit has no currency to be counted in.
  if (currency === null) return;
  sums.add(currency, 'loansOutstanding', drawn);
  if (limit !== null) sums.add(currency, 'totalLimits', limit);
};

const currentSums = (view: Pick<ClientView, 'products' | 'credit'>): SumsByCurrency => {
  const sums = new SumsByCurrency();
  for (const holding of view.products) {
    // A holding never reported has only its amount at opening, in no currency: it counts for nothing.
    if (holding.balance != null && isAumHolding(holding.category)) {
      sums.add(holding.balance.currency, 'aum', holding.balance.amount);
    }
  }
  for (const facility of view.credit.facilities) addFacility(sums, facility.currency, facility.limit, facility.drawn);
  return sums;
};

/**
 * The current figures per currency, in code order, without currencies whose figures are all zero
 * (a facility reported at 0): what the branch dashboard adds up.
 */
export const currentBalanceUnitsOf = (view: Pick<ClientView, 'products' | 'credit'>): BalanceUnits[] =>
  balancesInOrder(currentSums(view).units());

const monthEndsBefore = (today: string): string[] => {
  const monthEnds: string[] = [];
  let firstOfMonth = `${today.slice(0, 7)}-01`;
  for (let i = 0; i < TREND_MONTH_ENDS; i += 1) {
    const monthEnd = addDays(firstOfMonth, -1);
    monthEnds.unshift(monthEnd);
    firstOfMonth = `${monthEnd.slice(0, 7)}-01`;
  }
  return monthEnds;
};

/** The last of points in time order that `isBefore` the month-end: its figure then. */
const lastBefore = <P>(points: readonly P[], isBefore: (point: P) => boolean): P | undefined => {
  for (let i = points.length - 1; i >= 0; i -= 1) if (isBefore(points[i])) return points[i];
  return undefined;
};

const holdingBalanceAt = (series: HoldingBalanceSeries, monthEnd: string, endMillis: number): string | null => {
  if (series.closedAt !== null && Date.parse(series.closedAt) < endMillis) return null;
  const point = lastBefore(series.points, (p) => p.asOf <= monthEnd);
  return point?.amount ?? null;
};

const addFacilityAt = (sums: SumsByCurrency, series: FacilitySeries, endMillis: number): void => {
  const point = lastBefore(series.points, (p) => Date.parse(p.at) < endMillis);
  if (point !== undefined) addFacility(sums, series.currency, point.limit, point.drawn);
};

type MonthEnd = Readonly<{ monthEnd: string; endMillis: number }>;

/**
 * The last month-ends worked out: every view read on one bank date in one zone has the same
 * twelve, and working them out (24 date strings parsed and formatted) was a few per cent of a
 * view's CPU.
 */
let lastMonthEnds: Readonly<{ today: string; timeZone: string; monthEnds: readonly MonthEnd[] }> | null = null;

const monthEndsOf = (today: string, timeZone: string): readonly MonthEnd[] => {
  if (lastMonthEnds?.today === today && lastMonthEnds.timeZone === timeZone) return lastMonthEnds.monthEnds;
  const monthEnds = monthEndsBefore(today).map((monthEnd) => ({
    monthEnd,
    endMillis: startOfBankDate(addDays(monthEnd, 1), timeZone),
  }));
  lastMonthEnds = { today, timeZone, monthEnds };
  return monthEnds;
};

const sumsAtMonthEnd = (history: BalanceHistory, { monthEnd, endMillis }: MonthEnd): SumsByCurrency => {
  const sums = new SumsByCurrency();
  for (const series of history.holdings) {
    const balance = holdingBalanceAt(series, monthEnd, endMillis);
    if (balance !== null) sums.add(series.currency, 'aum', balance);
  }
  for (const series of history.facilities) addFacilityAt(sums, series, endMillis);
  return sums;
};

/**
 * The client's AUM, loans outstanding and total limits per currency, now and at each of the last
 * 12 month-ends of the bank's calendar before `at`. The projection cannot know "now" or the bank's
 * zone, so it keeps the history and the figures are worked out when the view is read. The stored
 * history is left out of the answer.
 */
export const withBalancesAt = (view: ClientView, at: Date, timeZone: string): ClientView => {
  const { balanceHistory, ...served } = view;
  const history = balanceHistory ?? EMPTY_BALANCE_HISTORY;
  const current = currentSums(view);
  const trend = monthEndsOf(bankDateOf(at.getTime(), timeZone), timeZone).map((end) => ({
    monthEnd: end.monthEnd,
    sums: sumsAtMonthEnd(history, end),
  }));
  const currencies = new Set(current.currencies());
  for (const point of trend) for (const currency of point.sums.currencies()) currencies.add(currency);
  const balances: CurrencyBalancesView[] = [...currencies].sort().map((currency) => ({
    currency,
    ...shown(current.of(currency)),
    trend: trend.map((point) => ({ monthEnd: point.monthEnd, ...shown(point.sums.of(currency)) })),
  }));
  return { ...served, balances };
};
