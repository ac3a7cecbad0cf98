import { latestReport, parseFinancialPeriod, samePeriodPreviousYear } from '../../credit/financial-period';
import { toUnits } from '../../common/decimal';
import { ownValue } from '../own-record';
import type { ClientRiskState, FinancialReport } from '../risk-state';
import type { FinRuleConfig, RiskRulesConfig } from '../risk-rules.config';
import { asPercent, ratioAbove, unitsRatioAtLeast } from './ratio';
import type { BandRule } from './band-rule';

/**
 * The report of the same period a year before `latest` (2025-Q4 → 2024-Q4), in the same currency
 * (amounts are not converted); null when there is none. Banks compare year on year so that
 * seasons cancel out: a fourth quarter set against the third would flag every seasonal trade.
 */
const yearEarlierOf = (reports: readonly FinancialReport[], latest: FinancialReport): FinancialReport | null => {
  const latestPeriod = parseFinancialPeriod(latest.period);
  const basis = latestPeriod === null ? null : samePeriodPreviousYear(latestPeriod);
  if (basis === null) return null;
  return reports.find((report) => report.period === basis.code && report.currency === latest.currency) ?? null;
};

/** The client's industry's limit when the rules file sets one, else the general one. */
const leverageLimit = (
  rule: FinRuleConfig,
  state: ClientRiskState,
): Readonly<{ limit: string; industry: string | null }> => {
  // States stored before the industry was kept lack the field: the general limit applies until it is seen.
  const industry = typeof state.industry === 'string' ? state.industry : null;
  const own = industry === null ? undefined : ownValue(rule.leverageByIndustry, industry);
  return own === undefined ? { limit: rule.leverage, industry: null } : { limit: own, industry };
};

/** Which of the three conditions the latest report meets, as reason fragments. */
const findings = (
  state: ClientRiskState,
  config: RiskRulesConfig,
): Readonly<{ period: string; found: string[] }> | null => {
  const rule = config.rules['EW-FIN'];
  const latest = latestReport(state.financials);
  if (latest === undefined) return null;
  const found: string[] = [];
  const leverage = leverageLimit(rule, state);
  if (ratioAbove(latest.totalLiabilities, latest.totalAssets, leverage.limit)) {
    const whose = leverage.industry === null ? '' : ` (limit for ${leverage.industry})`;
    found.push(`liabilities above ${asPercent(leverage.limit)} of assets${whose}`);
  }
  const basis = yearEarlierOf(state.financials, latest);
  if (basis !== null && toUnits(basis.revenue) > 0n) {
    const fall = toUnits(basis.revenue) - toUnits(latest.revenue);
    // (basis − latest) / basis ≥ revenueDrop, exactly; a rise is a negative fall and never fires.
    if (fall > 0n && unitsRatioAtLeast(fall, toUnits(basis.revenue), rule.revenueDrop)) {
      found.push(`revenue down ${asPercent(rule.revenueDrop)} or more on ${basis.period}`);
    }
  }
  if (rule.netLoss && toUnits(latest.netProfit) < 0n) found.push('net loss');
  return { period: latest.period, found };
};

/**
 * EW-FIN (medium) on the latest report (the period that ends latest, the longer of those ending
 * together: latestReport): liabilities/assets above the client's industry's limit or else 0.8,
 * revenue down 30% or more on the same period of the previous year, or (when netLoss is on) a net loss.
 */
export const ewFinRule: BandRule = {
  id: 'EW-FIN',
  band: (state, _at, config) => ((findings(state, config)?.found.length ?? 0) > 0 ? 'medium' : null),
  reason: (state, _at, config) => {
    const result = findings(state, config);
    return result === null || result.found.length === 0
      ? 'no financial warning'
      : `financials ${result.period}: ${result.found.join(', ')}`;
  },
};
