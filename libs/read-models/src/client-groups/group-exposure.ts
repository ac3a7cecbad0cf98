import { decimalOfUnits, LOAN_CLASSIFICATIONS, toUnits, type LoanClassification } from '@crm/domain';
import type { ClientView } from '../client-view/client-view';

/** One currency's sums over the group's facilities (amounts are never converted). */
export type CurrencyExposure = Readonly<{ currency: string; totalLimit: string; drawn: string; overdue: string }>;

/**
 * What the bank has at stake with a corporate group, summed over its members' facilities. The
 * top-level amounts are those of the group's one currency; null when its facilities are in several
 * (then `byCurrency` has each), "0.00" with `currency` null when it has none.
 */
export type GroupExposure = Readonly<{
  currency: string | null;
  totalLimit: string | null;
  drawn: string | null;
  overdue: string | null;
  byCurrency: readonly CurrencyExposure[];
  /** The most severe recorded loan classification among the members; null when none is recorded. */
  worstClassification: LoanClassification | null;
  openAlerts: number;
}>;

type Sums = { totalLimit: bigint; drawn: bigint; overdue: bigint };

const severity = (classification: LoanClassification): number => LOAN_CLASSIFICATIONS.indexOf(classification);

export const groupExposureOf = (members: readonly Pick<ClientView, 'credit' | 'openAlerts'>[]): GroupExposure => {
  const sums = new Map<string, Sums>();
  let worst: LoanClassification | null = null;
  let openAlerts = 0;
  for (const member of members) {
    openAlerts += member.openAlerts.length;
    const classification = member.credit.classification;
    if (classification !== null && (worst === null || severity(classification) > severity(worst))) {
      worst = classification;
    }
    for (const facility of member.credit.facilities) {
      // Utilisation reported before any limit has no currency to be counted in (as in the balances).
      if (facility.currency === null) continue;
      const sum = sums.get(facility.currency) ?? { totalLimit: 0n, drawn: 0n, overdue: 0n };
      sum.totalLimit += facility.limit === null ? 0n : toUnits(facility.limit);
      sum.drawn += toUnits(facility.drawn);
      sum.overdue += toUnits(facility.amountOverdue);
      sums.set(facility.currency, sum);
    }
  }
  const byCurrency = [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, sum]) => ({
      currency,
      totalLimit: decimalOfUnits(sum.totalLimit),
      drawn: decimalOfUnits(sum.drawn),
      overdue: decimalOfUnits(sum.overdue),
    }));
  const [only] = byCurrency;
  const single = byCurrency.length === 1 ? only : null;
  const none = byCurrency.length === 0 ? decimalOfUnits(0n) : null;
  return {
    currency: single?.currency ?? null,
    totalLimit: single?.totalLimit ?? none,
    drawn: single?.drawn ?? none,
    overdue: single?.overdue ?? none,
    byCurrency,
    worstClassification: worst,
    openAlerts,
  };
};
