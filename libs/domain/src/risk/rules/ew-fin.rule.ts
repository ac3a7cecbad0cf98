import { toUnits } from '../../shared/decimal';
import type { ClientRiskState, FinancialReport } from '../risk-state';
import type { RiskRulesConfig } from '../risk-rules.config';
import { asPercent, ratioAbove, unitsRatioAtLeast } from './ratio';
import type { BandRule } from './band-rule';

/** Year, half, quarter or month: revenue is compared only between periods of the same length. */
const periodKind = (period: string): 'year' | 'half' | 'quarter' | 'month' | null => {
  if (/^\d{4}$/.test(period)) return 'year';
  if (/^\d{4}-H[12]$/.test(period)) return 'half';
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarter';
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return 'month';
  return null;
};

/**
 * The report of the period just before `latest`: same period length (a quarter is never set
 * against a year) and same currency (amounts are not converted); within a kind the period codes
 * sort as text.
 */
const priorOf = (reports: readonly FinancialReport[], latest: FinancialReport): FinancialReport | null => {
  const kind = periodKind(latest.period);
  if (kind === null) return null;
  return reports
    .filter(
      (report) =>
        periodKind(report.period) === kind && report.currency === latest.currency && report.period < latest.period,
    )
    .reduce<FinancialReport | null>(
      (best, report) => (best === null || report.period > best.period ? report : best),
      null,
    );
};

/** Which of the three conditions the latest report meets, as reason fragments. */
const findings = (
  state: ClientRiskState,
  config: RiskRulesConfig,
): Readonly<{ period: string; found: string[] }> | null => {
  const rule = config.rules['EW-FIN'];
  const latest = state.financials[state.financials.length - 1];
  if (latest === undefined) return null;
  const found: string[] = [];
  if (ratioAbove(latest.totalLiabilities, latest.totalAssets, rule.leverage)) {
    found.push(`liabilities above ${asPercent(rule.leverage)} of assets`);
  }
  const prior = priorOf(state.financials, latest);
  if (prior !== null && toUnits(prior.revenue) > 0n) {
    const fall = toUnits(prior.revenue) - toUnits(latest.revenue);
    // (prior − latest) / prior ≥ revenueDrop, exactly; a rise is a negative fall and never fires.
    if (fall > 0n && unitsRatioAtLeast(fall, toUnits(prior.revenue), rule.revenueDrop)) {
      found.push(`revenue down ${asPercent(rule.revenueDrop)} or more on ${prior.period}`);
    }
  }
  if (rule.netLoss && toUnits(latest.netProfit) < 0n) found.push('net loss');
  return { period: latest.period, found };
};

/**
 * EW-FIN (medium) on the latest report received: liabilities/assets above 0.8, revenue down 30%
 * or more on the prior period, or (when netLoss is on) a net loss.
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
