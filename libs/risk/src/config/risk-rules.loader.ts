import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_RISK_RULES, RiskRulesError, validateRiskRules, type RiskRulesConfig } from '@crm/domain';

export class RiskRulesFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid risk rules file ${path}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RiskRulesFileError';
  }
}

/**
 * The early-warning thresholds from RISK_RULES_FILE (JSON or YAML, complete: nothing is merged
 * with the defaults, so what the file says is what runs), or the shipped defaults
 * (docs/decisions.md §23, the same values as config/risk-rules.yaml) when no file is given.
 */
export const loadRiskRules = (path: string | null): RiskRulesConfig => {
  if (path === null) return DEFAULT_RISK_RULES;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RiskRulesFileError(path, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let raw: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    raw = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new RiskRulesFileError(path, [
      `is neither JSON nor YAML: ${error instanceof Error ? error.message.split('\n')[0] : 'parse error'}`,
    ]);
  }
  try {
    return validateRiskRules(raw);
  } catch (error) {
    if (error instanceof RiskRulesError) throw new RiskRulesFileError(path, error.problems);
    throw error;
  }
};
