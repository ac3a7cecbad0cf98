import {
  addDays,
  addSatisfactionCounts,
  CLIENT_TIERS,
  csatOf,
  daysBetween,
  isBankDate,
  NO_SATISFACTION_COUNTS,
  npsOf,
  startOfBankDate,
  type BankDate,
  type ClientTier,
  type SatisfactionCounts,
  type SatisfactionTarget,
} from '@crm/domain';
import { codeUnitOrder } from '../queries/code-unit-order';
import { InvalidQueryError } from '../queries/invalid-query.error';

/** Whose answers: a branch's clients' (when they answered), a manager's, or (neither) the bank's. */
export type SatisfactionSubject = Readonly<{ branchId?: string; managerId?: string }>;

/** How `GET /v1/satisfaction` groups its items. */
export const SATISFACTION_GROUPINGS = ['month', 'manager', 'tier'] as const;
export type SatisfactionGrouping = (typeof SATISFACTION_GROUPINGS)[number];

/** How the repository groups: `period` by the ranges between bounds (months, quarters), or by a column. */
export type SatisfactionGroupBy = 'period' | 'manager' | 'tier' | 'branch';

/** One group's answers, self-reported or not, as the repository counts them. */
export type SatisfactionCountRow = Readonly<{
  group: string | null;
  selfReported: boolean;
  counts: SatisfactionCounts;
}>;

/**
 * A group's figures. `nps` and `csat` count the answers not self-reported (null when the group
 * has none of that kind); `responses` is how many those are; `selfReported` how many answers its
 * managers recorded about themselves, counted in no figure.
 */
export type SatisfactionFigures = Readonly<{
  nps: number | null;
  csat: number | null;
  responses: number;
  selfReported: number;
}>;

export type SatisfactionItem = SatisfactionFigures &
  (Readonly<{ period: string }> | Readonly<{ managerId: string }> | Readonly<{ tier: ClientTier | null }>) &
  Readonly<{ target?: SatisfactionTarget }>;

export type SatisfactionReport = Readonly<{
  branchId: string | null;
  managerId: string | null;
  /** The dates asked for, both inclusive, on the bank's calendar (`timeZone`). */
  from: BankDate;
  to: BankDate;
  timeZone: string;
  groupBy: SatisfactionGrouping;
  items: readonly SatisfactionItem[];
}>;

/** A window of the bank's dates `from`…`to` (both inclusive) as instants, cut at the starts of its months. */
export type MonthCuts = Readonly<{ periods: readonly string[]; bounds: readonly string[] }>;

/** The longest window asked at once: three years of months (37 periods at most). */
export const MAX_SATISFACTION_WINDOW_DAYS = 1096;

/**
 * Checks a window of dates (the DTO checked their form): `from` no later than `to`, at most
 * MAX_SATISFACTION_WINDOW_DAYS apart. Throws InvalidQueryError on the field at fault.
 */
export const requireSatisfactionWindow = (from: string, to: string): void => {
  if (!isBankDate(from)) throw new InvalidQueryError('from', 'from must be a date, YYYY-MM-DD');
  if (!isBankDate(to)) throw new InvalidQueryError('to', 'to must be a date, YYYY-MM-DD');
  const days = daysBetween(from, to);
  if (days < 0) throw new InvalidQueryError('to', 'to must not be before from');
  if (days >= MAX_SATISFACTION_WINDOW_DAYS) {
    throw new InvalidQueryError('to', `to must be less than ${MAX_SATISFACTION_WINDOW_DAYS} days after from`);
  }
};

const nextMonth = (month: string): string => {
  const [year, number] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
};

/**
 * The months `from`…`to` touches (YYYY-MM) and the instants between them: the start of `from`, the
 * first instant of every later month, the end of `to` (the start of the day after), all on the
 * bank's wall clock. The first and last month are cut to the window.
 */
export const monthCuts = (from: BankDate, to: BankDate, timeZone: string): MonthCuts => {
  const instant = (date: BankDate): string => new Date(startOfBankDate(date, timeZone)).toISOString();
  const periods = [from.slice(0, 7)];
  const bounds = [instant(from)];
  for (let month = nextMonth(periods[0]); month <= to.slice(0, 7); month = nextMonth(month)) {
    periods.push(month);
    bounds.push(instant(`${month}-01`));
  }
  bounds.push(instant(addDays(to, 1)));
  return { periods, bounds };
};

/** The figures of one group's rows (self-reported or not). */
export const figuresOf = (rows: readonly SatisfactionCountRow[]): SatisfactionFigures => {
  let counted = NO_SATISFACTION_COUNTS;
  let selfReported = 0;
  for (const row of rows) {
    if (row.selfReported) selfReported += row.counts.npsAnswers + row.counts.csatAnswers;
    else counted = addSatisfactionCounts(counted, row.counts);
  }
  return {
    nps: npsOf(counted),
    csat: csatOf(counted),
    responses: counted.npsAnswers + counted.csatAnswers,
    selfReported,
  };
};

/** The rows by group, in the order they came. */
export const rowsByGroup = (rows: readonly SatisfactionCountRow[]): Map<string | null, SatisfactionCountRow[]> => {
  const groups = new Map<string | null, SatisfactionCountRow[]>();
  for (const row of rows) {
    const group = groups.get(row.group);
    if (group === undefined) groups.set(row.group, [row]);
    else group.push(row);
  }
  return groups;
};

const tierRank = (tier: string | null): number => {
  const rank = (CLIENT_TIERS as readonly (string | null)[]).indexOf(tier);
  return rank === -1 ? CLIENT_TIERS.length : rank;
};

/**
 * The items of a report: every month of the window in order (those without answers too), or the
 * managers (code-unit order) or tiers (core, key, standard, basic, then none) that had answers.
 */
export const satisfactionItems = (
  groupBy: SatisfactionGrouping,
  rows: readonly SatisfactionCountRow[],
  cuts: MonthCuts,
): SatisfactionItem[] => {
  const groups = rowsByGroup(rows);
  if (groupBy === 'month') {
    return cuts.periods.map((period, index) => ({ period, ...figuresOf(groups.get(cuts.bounds[index]) ?? []) }));
  }
  if (groupBy === 'manager') {
    return [...groups.keys()]
      .filter((managerId): managerId is string => managerId !== null)
      .sort(codeUnitOrder)
      .map((managerId) => ({ managerId, ...figuresOf(groups.get(managerId) ?? []) }));
  }
  return [...groups.keys()]
    .sort((a, b) => tierRank(a) - tierRank(b))
    .map((tier) => ({ tier: tier as ClientTier | null, ...figuresOf(groups.get(tier) ?? []) }));
};
