import { decimalOfUnits, OPPORTUNITY_STAGES, toUnits, type OpportunityStage, type ProductCategory } from '@crm/domain';
import type { OpportunityRow } from './opportunity-row';
import { codeUnitOrder } from '../queries/code-unit-order';

/** An open opportunity as the pipeline lists it. */
export type PipelineOpportunity = Readonly<{
  id: string;
  clientId: string;
  legalName: string;
  stage: OpportunityStage;
  productCategory: ProductCategory;
  productCode: string | null;
  expectedAmount: string;
  currency: string;
  openedAt: string;
}>;

/** Expected amounts summed per currency (never converted), in code order. */
export type CurrencyTotal = Readonly<{ currency: string; amount: string }>;

export type StageTotals = Readonly<{ stage: OpportunityStage; count: number; totals: readonly CurrencyTotal[] }>;

/** Opportunities won and lost since `since`, and won / (won + lost); null when none closed. */
export type WinRate = Readonly<{ since: string; won: number; lost: number; winRate: number | null }>;

export type PipelineTotals = Readonly<{ open: number; byStage: readonly StageTotals[] }> & WinRate;

export type Pipeline = Readonly<{ managerId: string; opportunities: readonly PipelineOpportunity[] }> & PipelineTotals;

/** The window win rates are counted over. */
export const WIN_RATE_DAYS = 365;

export const winRateSince = (now: Date): string => new Date(now.getTime() - WIN_RATE_DAYS * 86_400_000).toISOString();

/** The open rows' stages and amounts, as totals read from SQL give them. */
export type OpenAmount = Pick<OpportunityRow, 'stage' | 'expectedAmount' | 'currency'>;

/** Count and sums per stage, every stage listed in pipeline order; exact (fixed-point units). */
export const totalsOf = (
  open: readonly OpenAmount[],
  closed: Readonly<{ won: number; lost: number }>,
  since: string,
): PipelineTotals => {
  const byStage = new Map<OpportunityStage, { count: number; sums: Map<string, bigint> }>(
    OPPORTUNITY_STAGES.map((stage) => [stage, { count: 0, sums: new Map() }]),
  );
  for (const row of open) {
    const stage = byStage.get(row.stage);
    if (stage === undefined) continue;
    stage.count += 1;
    stage.sums.set(row.currency, (stage.sums.get(row.currency) ?? 0n) + toUnits(row.expectedAmount));
  }
  const { won, lost } = closed;
  return {
    open: open.length,
    byStage: [...byStage].map(([stage, { count, sums }]) => ({
      stage,
      count,
      totals: [...sums]
        .sort(([a], [b]) => codeUnitOrder(a, b))
        .map(([currency, units]) => ({ currency, amount: decimalOfUnits(units) })),
    })),
    since,
    won,
    lost,
    winRate: won + lost === 0 ? null : won / (won + lost),
  };
};

const STAGE_ORDER = new Map(OPPORTUNITY_STAGES.map((stage, index) => [stage, index]));

/**
 * A manager's pipeline: the open opportunities, furthest stage first then oldest, with the
 * totals. Sorted here so the order does not depend on the engine's collation.
 */
export const pipelineOf = (
  managerId: string,
  open: readonly OpportunityRow[],
  closed: Readonly<{ won: number; lost: number }>,
  since: string,
): Pipeline => ({
  managerId,
  opportunities: [...open]
    .sort(
      (a, b) =>
        (STAGE_ORDER.get(b.stage) ?? 0) - (STAGE_ORDER.get(a.stage) ?? 0) ||
        codeUnitOrder(a.openedAt, b.openedAt) ||
        codeUnitOrder(a.opportunityId, b.opportunityId),
    )
    .map((row) => ({
      id: row.opportunityId,
      clientId: row.clientId,
      legalName: row.legalName,
      stage: row.stage,
      productCategory: row.productCategory,
      productCode: row.productCode,
      expectedAmount: row.expectedAmount,
      currency: row.currency,
      openedAt: row.openedAt,
    })),
  ...totalsOf(open, closed, since),
});
