/**
 * A risk-rules config that cannot run. It lists every problem at once (`rules.EW-DPD.highDays:
 * must be an integer between 1 and 3650`), so an operator fixes the file in one pass. Raised
 * when the monitor boots, never while it runs, so it is an Error and not a DomainError: no
 * caller request is at fault.
 */
export class RiskRulesError extends Error {
  readonly code = 'RISK_RULES.INVALID' as const;

  constructor(readonly problems: readonly string[]) {
    super(`invalid risk rules config:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RiskRulesError';
  }
}
