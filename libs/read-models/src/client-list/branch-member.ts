import { toUnits, type ClientTier } from '@crm/domain';
import type { ClientStatus, ClientView } from '../client-view/client-view';
import { currentBalanceUnitsOf, type BalanceUnits } from '../client-view/client-view-balances';
import { dashboardColumnsOf, type DashboardColumns } from './client-list-columns';

/** A client or prospect as the dashboard reads it: where it sits, and its dashboard columns. */
export type BranchMemberColumns = DashboardColumns &
  Readonly<{
    clientId: string;
    branchId: string;
    managerId: string | null;
    status: ClientStatus;
    tier: ClientTier | null;
    /** Current figures per currency (currentBalanceUnitsOf): kept in the document, not in list columns. */
    balances: readonly BalanceUnits[];
  }>;

/** The counts kept per branch and manager (the `branch_figures` columns of the same names, in order). */
export const BRANCH_COUNTS = [
  'clients',
  'prospects',
  'core_clients',
  'key_clients',
  'standard_clients',
  'basic_clients',
  'products',
  'nps_answers',
  'nps_promoters',
  'nps_detractors',
  'open_alerts_low',
  'open_alerts_medium',
  'open_alerts_high',
  'open_alerts_critical',
  'contributors',
] as const;
export type BranchCount = (typeof BRANCH_COUNTS)[number];
export type BranchCounts = Readonly<Record<BranchCount, number>>;

const TIER_COUNT: Readonly<Record<ClientTier, BranchCount>> = {
  core: 'core_clients',
  key: 'key_clients',
  standard: 'standard_clients',
  basic: 'basic_clients',
};

/**
 * What one client or prospect adds to its branch's dashboard (docs/decisions.md §15): counts,
 * summed per branch and manager, and the two values the dashboard needs in order — a converted
 * client's contribution (the 80/20 share) and a converted core client's last contact (coverage,
 * which moves with the clock).
 */
export type BranchMember = Readonly<{
  clientId: string;
  branchId: string;
  managerId: string | null;
  counts: BranchCounts;
  /** Fixed-point units (toUnits) of a converted client's reported contribution. */
  contribution: bigint | null;
  /** Epoch ms of a converted core client's last contact. */
  coreLastContact: number | null;
  /** A converted client's current AUM, loans outstanding and limits per currency, in code order. */
  balances: readonly BalanceUnits[];
}>;

/** Counted as figuresOfRows counts a row: alerts for everyone, the rest for converted clients only. */
export const branchMemberOf = (c: BranchMemberColumns): BranchMember => {
  const counts: Record<BranchCount, number> = {
    clients: 0,
    prospects: c.status === 'prospect' ? 1 : 0,
    core_clients: 0,
    key_clients: 0,
    standard_clients: 0,
    basic_clients: 0,
    products: 0,
    nps_answers: 0,
    nps_promoters: 0,
    nps_detractors: 0,
    open_alerts_low: c.openAlerts.low,
    open_alerts_medium: c.openAlerts.medium,
    open_alerts_high: c.openAlerts.high,
    open_alerts_critical: c.openAlerts.critical,
    contributors: 0,
  };
  let contribution: bigint | null = null;
  let coreLastContact: number | null = null;
  let balances: readonly BalanceUnits[] = [];
  if (c.status === 'client') {
    balances = c.balances;
    counts.clients = 1;
    counts.products = c.openProducts;
    if (c.tier !== null) counts[TIER_COUNT[c.tier]] = 1;
    if (c.annualContribution !== null) {
      counts.contributors = 1;
      contribution = toUnits(c.annualContribution);
    }
    if (c.tier === 'core' && c.lastContactAt !== null) {
      // An unparseable time never counts as covered (NaN ≥ anything is false), so it needs no entry.
      const at = Date.parse(c.lastContactAt);
      if (!Number.isNaN(at)) coreLastContact = at;
    }
    if (c.lastNps !== null) {
      counts.nps_answers = 1;
      if (c.lastNps >= 9) counts.nps_promoters = 1;
      else if (c.lastNps <= 6) counts.nps_detractors = 1;
    }
  }
  return {
    clientId: c.clientId,
    branchId: c.branchId,
    managerId: c.managerId,
    counts,
    contribution,
    coreLastContact,
    balances,
  };
};

/** The member a stored view makes, from the same columns the projector writes beside it. */
export const branchMemberOfView = (view: ClientView): BranchMember =>
  branchMemberOf({
    ...dashboardColumnsOf(view),
    clientId: view.id,
    branchId: view.branchId,
    managerId: view.manager?.id ?? null,
    status: view.status,
    tier: view.tier,
    balances: currentBalanceUnitsOf(view),
  });

const sameBalances = (a: readonly BalanceUnits[], b: readonly BalanceUnits[]): boolean =>
  a.length === b.length &&
  a.every(
    (x, i) =>
      x.currency === b[i].currency &&
      x.aum === b[i].aum &&
      x.loansOutstanding === b[i].loansOutstanding &&
      x.totalLimits === b[i].totalLimits,
  );

export const sameBranchMember = (a: BranchMember, b: BranchMember): boolean =>
  a.clientId === b.clientId &&
  a.branchId === b.branchId &&
  a.managerId === b.managerId &&
  a.contribution === b.contribution &&
  a.coreLastContact === b.coreLastContact &&
  sameBalances(a.balances, b.balances) &&
  BRANCH_COUNTS.every((count) => a.counts[count] === b.counts[count]);

/** A client whose member changed in a batch: what it added before (null: nothing yet) and what it adds now. */
export type BranchMemberChange = Readonly<{ before: BranchMember | null; after: BranchMember }>;

/** The clients among `pairs` (each a view before and after a batch) whose member differs. */
export const branchMemberChanges = (pairs: Iterable<BranchMemberChange>): BranchMemberChange[] => {
  const changes: BranchMemberChange[] = [];
  for (const pair of pairs) {
    if (pair.before === null || !sameBranchMember(pair.before, pair.after)) changes.push(pair);
  }
  return changes;
};
