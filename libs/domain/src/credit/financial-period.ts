/**
 * The period a client's financial statements cover: a year (`2025`), a half (`2025-H1`, `2025-H2`),
 * a quarter (`2025-Q1` … `2025-Q4`) or a month (`2025-01` … `2025-12`). Every period is a run of
 * whole calendar months that ends at a month end, so periods compare by the month they end in and
 * by how many months they cover. Pure: a period names months, not instants, so no clock or time
 * zone is involved.
 */

/**
 * The codes the API, the decider and the integration contract accept. Kept to ECMA-262 without
 * flags, like the contract's patterns, so it can travel into a JSON Schema unchanged.
 */
export const FINANCIAL_PERIOD_PATTERN = /^\d{4}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$/;

export type FinancialPeriodKind = 'year' | 'half' | 'quarter' | 'month';

const MONTHS_IN: { readonly [K in FinancialPeriodKind]: number } = { year: 12, half: 6, quarter: 3, month: 1 };

export type FinancialPeriod = Readonly<{
  /** The code it was parsed from, e.g. `2025-Q4`. */
  code: string;
  year: number;
  kind: FinancialPeriodKind;
  /** Which half, quarter or month of the year, from 1; 1 for a year. */
  index: number;
  /** How many months it covers: 12, 6, 3 or 1. */
  months: number;
  /** The month it ends in, counted from January of year 0 (year × 12 + month − 1). */
  endMonth: number;
}>;

/** The kind and index named after the year (`H2`, `Q4`, `12`, or nothing for a year). */
const kindAndIndex = (suffix: string): Readonly<{ kind: FinancialPeriodKind; index: number }> => {
  if (suffix === '') return { kind: 'year', index: 1 };
  if (suffix.startsWith('H')) return { kind: 'half', index: Number(suffix.slice(1)) };
  if (suffix.startsWith('Q')) return { kind: 'quarter', index: Number(suffix.slice(1)) };
  return { kind: 'month', index: Number(suffix) };
};

/** The period a code names, or null for anything that is not a period code (`2025-Q5`, `2025-13`, `25`, `2025H1`). */
export const parseFinancialPeriod = (code: unknown): FinancialPeriod | null => {
  if (typeof code !== 'string' || !FINANCIAL_PERIOD_PATTERN.test(code)) return null;
  const year = Number(code.slice(0, 4));
  // The pattern has already pinned the suffix to H1–H2, Q1–Q4 or 01–12.
  const { kind, index } = kindAndIndex(code.slice(5));
  const months = MONTHS_IN[kind];
  return { code, year, kind, index, months, endMonth: year * 12 + index * months - 1 };
};

/**
 * The same period one year earlier (2025-Q4 → 2024-Q4, 2025-H1 → 2024-H1, 2025 → 2024,
 * 2025-03 → 2024-03): what a bank sets a period against, so seasons cancel out. Null for year
 * 0000, whose previous year has no four-digit code.
 */
export const samePeriodPreviousYear = (period: FinancialPeriod): FinancialPeriod | null =>
  period.year === 0 ? null : parseFinancialPeriod(`${String(period.year - 1).padStart(4, '0')}${period.code.slice(4)}`);

/**
 * The order of periods, and with it THE definition of "the latest period" that the client view and
 * the risk monitor share: the period that ends later is later; of periods that end in the same
 * month, the longer one is later (2025 after 2025-H2 after 2025-Q4 after 2025-12, all ending on
 * 31 December 2025). The longer statement of a date is the fuller one: it carries the same
 * balance sheet and a flow of revenue and profit that spans more seasons, and a year-end statement
 * is usually the audited one. Arrival order plays no part, so a late restatement of an older period
 * never poses as the latest. Negative when a is earlier, positive when later, 0 for the same period.
 */
export const compareFinancialPeriods = (a: FinancialPeriod, b: FinancialPeriod): number =>
  a.endMonth - b.endMonth || a.months - b.months;

/**
 * Whether a report for the period coded `candidate` takes over as the latest from one for
 * `current`: its period is later by compareFinancialPeriods, or the same period (a restatement,
 * which corrects the figures it replaces). A code that is not a period ranks below every period.
 */
export const supersedesLatest = (candidate: string, current: string): boolean => {
  const next = parseFinancialPeriod(candidate);
  const held = parseFinancialPeriod(current);
  if (next === null || held === null) return held === null;
  return compareFinancialPeriods(next, held) >= 0;
};

/** The latest of a set of reports by supersedesLatest; of two reports of the same period, the later in the list. */
export const latestReport = <R extends Readonly<{ period: string }>>(reports: readonly R[]): R | undefined =>
  reports.reduce<R | undefined>(
    (latest, report) => (latest === undefined || supersedesLatest(report.period, latest.period) ? report : latest),
    undefined,
  );
