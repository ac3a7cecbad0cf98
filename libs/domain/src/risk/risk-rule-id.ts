/** The early-warning rules (docs/decisions.md §23). The ids are a contract: alerts, configs, dashboards name them. */
export const RISK_RULE_IDS = [
  'EW-DPD',
  'EW-CLASS',
  'EW-CLASS-FLOOR',
  'EW-DEFAULT',
  'EW-RATING',
  'EW-FLAGS',
  'EW-UTIL',
  'EW-REVIEW',
  'EW-FIN',
  'EW-COVER',
  'EW-CORE-MGR',
  'EW-CHURN',
  'EW-GROUP',
] as const;
export type RiskRuleId = (typeof RISK_RULE_IDS)[number];

export const isRiskRuleId = (value: unknown): value is RiskRuleId =>
  typeof value === 'string' && (RISK_RULE_IDS as readonly string[]).includes(value);
