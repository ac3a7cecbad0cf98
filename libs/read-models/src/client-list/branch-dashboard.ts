import { decimalOfUnits, toUnits } from '@crm/domain';
import type { ClientTier, ManagerLevel, Severity } from '@crm/domain';
import type { BalanceFiguresView, ClientStatus } from '../client-view/client-view';
import { balancesInOrder, type BalanceUnits } from '../client-view/client-view-balances';

/** One client or prospect of a branch, with its list columns of `client_view` and its manager's current level. */
export type BranchClientRow = Readonly<{
  status: ClientStatus;
  tier: ClientTier | null;
  /** Decimal string, null when never reported. */
  annualContribution: string | null;
  lastContactAt: string | null;
  openProducts: number;
  lastNps: number | null;
  /** The covering manager's current level (managers table), null without a manager. */
  managerLevel: ManagerLevel | null;
  openAlerts: Readonly<Record<Severity, number>>;
  /** The client's current AUM, loans outstanding and total limits per currency (currentBalanceUnitsOf). */
  balances: readonly BalanceUnits[];
}>;

/** Sums over the branch's clients in one currency (decimal strings). */
export type BranchBalancesView = BalanceFiguresView & Readonly<{ currency: string }>;

export type BranchDashboard = Readonly<{
  branchId: string;
  /** Converted clients. */
  clients: number;
  prospects: number;
  /** clients / (clients + prospects); null when the branch has neither. */
  conversionRate: number | null;
  clientsByTier: Readonly<Record<ClientTier, number>>;
  /** Share (0–1) of the total annual contribution brought by the top 20% of contributing clients; null when the total is 0. */
  paretoTop20Share: number | null;
  /** Share of core clients contacted within the last 35 days; null without core clients. */
  coreCoverage: number | null;
  /** Core clients whose manager is (now) an associate: the 80/20 rule wants senior or above. */
  coreClientsWithJuniorManager: number;
  /** Open product holdings per converted client; null without clients. */
  productsPerClient: number | null;
  /** −100…100 from each client's latest NPS answer; null without answers. */
  nps: number | null;
  openAlertsBySeverity: Readonly<Record<Severity, number>>;
  /** Per currency, in code order (amounts are never converted); currencies whose sums are all zero are left out. */
  balances: readonly BranchBalancesView[];
}>;

/**
 * The counts and sums every dashboard figure is a ratio of, at one instant. The API reads them
 * from the projection's per-branch aggregates (`branch-figures`); `figuresOfRows` derives them
 * from the branch's client rows, the definition the aggregates are held to.
 */
export type BranchFigures = Readonly<{
  clients: number;
  prospects: number;
  clientsByTier: Readonly<Record<ClientTier, number>>;
  /** Fixed-point units (toUnits) of every converted client's contribution, summed exactly. */
  contributionTotal: bigint;
  /** The same, over the top ceil(20 %) of the clients that reported a contribution. */
  topContribution: bigint;
  coreCovered: number;
  coreClientsWithJuniorManager: number;
  products: number;
  npsAnswers: number;
  promoters: number;
  detractors: number;
  openAlertsBySeverity: Readonly<Record<Severity, number>>;
  /** The converted clients' current balances summed per currency, as balancesInOrder leaves them. */
  balances: readonly BalanceUnits[];
}>;

export const CORE_COVERAGE_DAYS = 35;
const DAY_MS = 86_400_000;

/** Epoch ms from which a core client's last contact counts as coverage at `now`. */
export const coveredSince = (now: Date): number => now.getTime() - CORE_COVERAGE_DAYS * DAY_MS;

/** How many clients are the "top 20 %" of `contributors`: ceil(n / 5), so fewer than five still make one. */
export const paretoTopCount = (contributors: number): number =>
  // Integer ceil(n / 5): `n * 0.2` is inexact (15 * 0.2 > 3) and would take one client too many.
  Math.floor((contributors + 4) / 5);

/**
 * The branch figures at `now`. Every figure but `prospects`, `conversionRate` and
 * `openAlertsBySeverity` is about converted clients only: a prospect's tier, products or survey
 * answer say nothing yet about the branch's client base. Alerts count for prospects too.
 * Contributions are summed exactly (fixed-point bigint); only the final share is a float.
 */
export const branchDashboardOf = (branchId: string, rows: readonly BranchClientRow[], now: Date): BranchDashboard =>
  dashboardOfFigures(branchId, figuresOfRows(rows, now));

/** The dashboard's figures as ratios of `figures`; the one place both ways of counting meet. */
export const dashboardOfFigures = (branchId: string, figures: BranchFigures): BranchDashboard => {
  const { clients, prospects, clientsByTier, products, npsAnswers, promoters, detractors } = figures;
  return {
    branchId,
    clients,
    prospects,
    conversionRate: clients + prospects === 0 ? null : clients / (clients + prospects),
    clientsByTier: {
      core: clientsByTier.core,
      key: clientsByTier.key,
      standard: clientsByTier.standard,
      basic: clientsByTier.basic,
    },
    paretoTop20Share:
      figures.contributionTotal === 0n ? null : ratio(figures.topContribution, figures.contributionTotal),
    coreCoverage: clientsByTier.core === 0 ? null : figures.coreCovered / clientsByTier.core,
    coreClientsWithJuniorManager: figures.coreClientsWithJuniorManager,
    productsPerClient: clients === 0 ? null : products / clients,
    nps: npsAnswers === 0 ? null : ((promoters - detractors) * 100) / npsAnswers,
    openAlertsBySeverity: {
      low: figures.openAlertsBySeverity.low,
      medium: figures.openAlertsBySeverity.medium,
      high: figures.openAlertsBySeverity.high,
      critical: figures.openAlertsBySeverity.critical,
    },
    balances: figures.balances.map((b) => ({
      currency: b.currency,
      aum: decimalOfUnits(b.aum),
      loansOutstanding: decimalOfUnits(b.loansOutstanding),
      totalLimits: decimalOfUnits(b.totalLimits),
    })),
  };
};

/** The figures of a branch's rows, each counted as §15 of docs/decisions.md defines it. */
export const figuresOfRows = (rows: readonly BranchClientRow[], now: Date): BranchFigures => {
  const since = coveredSince(now);
  const clientsByTier = { core: 0, key: 0, standard: 0, basic: 0 };
  const openAlertsBySeverity = { low: 0, medium: 0, high: 0, critical: 0 };
  const contributions: bigint[] = [];
  let clients = 0;
  let prospects = 0;
  let coreCovered = 0;
  let coreClientsWithJuniorManager = 0;
  let products = 0;
  let npsAnswers = 0;
  let promoters = 0;
  let detractors = 0;
  const balances = new Map<string, { aum: bigint; loansOutstanding: bigint; totalLimits: bigint }>();

  for (const row of rows) {
    openAlertsBySeverity.low += row.openAlerts.low;
    openAlertsBySeverity.medium += row.openAlerts.medium;
    openAlertsBySeverity.high += row.openAlerts.high;
    openAlertsBySeverity.critical += row.openAlerts.critical;
    if (row.status === 'prospect') prospects += 1;
    if (row.status !== 'client') continue;
    clients += 1;
    products += row.openProducts;
    if (row.tier !== null) clientsByTier[row.tier] += 1;
    if (row.annualContribution !== null) contributions.push(toUnits(row.annualContribution));
    if (row.tier === 'core') {
      // A contact logged with a time after `now` is still recent, so only the lower bound applies.
      if (row.lastContactAt !== null && Date.parse(row.lastContactAt) >= since) coreCovered += 1;
      if (row.managerLevel === 'associate') coreClientsWithJuniorManager += 1;
    }
    if (row.lastNps !== null) {
      npsAnswers += 1;
      if (row.lastNps >= 9) promoters += 1;
      else if (row.lastNps <= 6) detractors += 1;
    }
    for (const b of row.balances) {
      const sum = balances.get(b.currency) ?? { aum: 0n, loansOutstanding: 0n, totalLimits: 0n };
      sum.aum += b.aum;
      sum.loansOutstanding += b.loansOutstanding;
      sum.totalLimits += b.totalLimits;
      balances.set(b.currency, sum);
    }
  }

  let contributionTotal = 0n;
  for (const units of contributions) contributionTotal += units;
  // Ties need no tie-break, since equal amounts sum the same.
  contributions.sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  let topContribution = 0n;
  for (let i = 0; i < paretoTopCount(contributions.length); i++) topContribution += contributions[i];

  return {
    clients,
    prospects,
    clientsByTier,
    contributionTotal,
    topContribution,
    coreCovered,
    coreClientsWithJuniorManager,
    products,
    npsAnswers,
    promoters,
    detractors,
    openAlertsBySeverity,
    balances: balancesInOrder([...balances].map(([currency, sum]) => ({ currency, ...sum }))),
  };
};

/** a/b for 0 ≤ a ≤ b, to double precision even when the sums exceed 2^53 units. */
const ratio = (a: bigint, b: bigint): number => {
  const SCALE = 10n ** 15n;
  return Number((a * SCALE) / b) / 1e15;
};
