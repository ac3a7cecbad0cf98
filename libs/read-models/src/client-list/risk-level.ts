import { SEVERITIES } from '@crm/domain';
import type { Severity } from '@crm/domain';
import type { ClientView } from '../client-view/client-view';

/** Worst severity among a client's open risk flags and open alerts; `none` when there are neither. */
export type RiskLevel = 'none' | Severity;

export const RISK_LEVELS: readonly RiskLevel[] = ['none', ...SEVERITIES];

/** High and critical: what the portfolio counts as "at risk". */
export const isAtRisk = (level: RiskLevel): boolean => level === 'high' || level === 'critical';

const RANK: Readonly<Record<RiskLevel, number>> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

export const riskLevelOf = (view: Pick<ClientView, 'riskFlags' | 'openAlerts'>): RiskLevel => {
  let worst: RiskLevel = 'none';
  for (const flag of view.riskFlags) if (RANK[flag.severity] > RANK[worst]) worst = flag.severity;
  for (const alert of view.openAlerts) if (RANK[alert.severity] > RANK[worst]) worst = alert.severity;
  return worst;
};
