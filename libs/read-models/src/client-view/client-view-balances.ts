import { addDays, bankDateOf, decimalOfUnits, startOfBankDate, toUnits } from '@crm/domain';
import type { BalanceHistory } from './balance-history';
import { EMPTY_BALANCE_HISTORY, isAumHolding } from './balance-history';
import type { BalanceFiguresView, ClientView, CurrencyBalancesView, MonthEndBalancesView } from './client-view';

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

const shown = (sums: Sums): BalanceFiguresView => ({
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

/**
 * For each month-end, the last of a series' points (in the order kept) that `isBefore` it: the
 * series' figure then. Points are looked at by index, so what a test needs (a parsed time) is
 * worked out once per point, not once per month-end.
 */
const eachMonthEnd = (
  count: number,
  monthEnds: readonly MonthEnd[],
  isBefore: (index: number, end: MonthEnd) => boolean,
  add: (index: number, month: number) => void,
): void => {
  for (let month = 0; month < monthEnds.length; month += 1) {
    for (let index = count - 1; index >= 0; index -= 1) {
      if (isBefore(index, monthEnds[month])) {
        add(index, month);
        break;
      }
    }
  }
};

/** Units of decimal strings, each worked out once per read: one point is often several month-ends' figure. */
class UnitsOnce {
  private readonly units = new Map<string, bigint>();

  of(amount: string): bigint {
    let units = this.units.get(amount);
    if (units === undefined) {
      units = toUnits(amount);
      this.units.set(amount, units);
    }
    return units;
  }
}

/** Each currency's sums at each month-end; a currency is listed once any month-end has a figure in it. */
class TrendByCurrency {
  private readonly trends = new Map<string, Sums[]>();
  private readonly units = new UnitsOnce();

  constructor(private readonly months: number) {}

  add(currency: string, month: number, figure: keyof Sums, amount: string): void {
    let trend = this.trends.get(currency);
    if (trend === undefined) {
      trend = Array.from({ length: this.months }, () => ({ aum: 0n, loansOutstanding: 0n, totalLimits: 0n }));
      this.trends.set(currency, trend);
    }
    trend[month][figure] += this.units.of(amount);
  }

  currencies(): IterableIterator<string> {
    return this.trends.keys();
  }

  of(currency: string): readonly Sums[] | undefined {
    return this.trends.get(currency);
  }
}

const trendOf = (history: BalanceHistory, monthEnds: readonly MonthEnd[]): TrendByCurrency => {
  const trend = new TrendByCurrency(monthEnds.length);
  for (const { currency, closedAt, points } of history.holdings) {
    const closedMillis = closedAt === null ? Number.POSITIVE_INFINITY : Date.parse(closedAt);
    eachMonthEnd(
      points.length,
      monthEnds,
      // A closed holding counts for nothing at the month-ends after it closed.
      (index, end) => !(closedMillis < end.endMillis) && points[index].asOf <= end.monthEnd,
      (index, month) => trend.add(currency, month, 'aum', points[index].amount),
    );
  }
  for (const { currency, points } of history.facilities) {
    // Utilisation reported before any limit has no currency to be counted in.
    if (currency === null) continue;
    const times = points.map((point) => Date.parse(point.at));
    eachMonthEnd(
      points.length,
      monthEnds,
      (index, end) => times[index] < end.endMillis,
      (index, month) => {
        const { limit, drawn } = points[index];
        trend.add(currency, month, 'loansOutstanding', drawn);
        if (limit !== null) trend.add(currency, month, 'totalLimits', limit);
      },
    );
  }
  return trend;
};

const ZERO: Sums = Object.freeze({ aum: 0n, loansOutstanding: 0n, totalLimits: 0n });

const sameSums = (a: Sums, b: Sums): boolean =>
  a.aum === b.aum && a.loansOutstanding === b.loansOutstanding && a.totalLimits === b.totalLimits;

/** A currency's trend as served: a month-end whose sums equal the one before shares its strings. */
const trendShown = (monthEnds: readonly MonthEnd[], sums: readonly Sums[] | undefined): MonthEndBalancesView[] => {
  const served: MonthEndBalancesView[] = [];
  let previous: Readonly<{ sums: Sums; figures: BalanceFiguresView }> | null = null;
  for (let month = 0; month < monthEnds.length; month += 1) {
    const current = sums?.[month] ?? ZERO;
    const figures: BalanceFiguresView =
      previous !== null && sameSums(previous.sums, current) ? previous.figures : shown(current);
    served.push({ monthEnd: monthEnds[month].monthEnd, ...figures });
    previous = { sums: current, figures };
  }
  return served;
};

/**
 * The client's AUM, loans outstanding and total limits per currency, now and at each of the last
 * 12 month-ends of the bank's calendar before `at`. The projection cannot know "now" or the bank's
 * zone, so it keeps the history and the figures are worked out when the view is read. The stored
 * history is left out of the answer.
 */
export const withBalancesAt = (view: ClientView, at: Date, timeZone: string): ClientView => {
  const { balanceHistory, ...served } = view;
  const monthEnds = monthEndsOf(bankDateOf(at.getTime(), timeZone), timeZone);
  const current = currentSums(view);
  const trend = trendOf(balanceHistory ?? EMPTY_BALANCE_HISTORY, monthEnds);
  const currencies = new Set(current.currencies());
  for (const currency of trend.currencies()) currencies.add(currency);
  const balances: CurrencyBalancesView[] = [...currencies].sort().map((currency) => ({
    currency,
    ...shown(current.of(currency)),
    trend: trendShown(monthEnds, trend.of(currency)),
  }));
  return { ...served, balances };
};
