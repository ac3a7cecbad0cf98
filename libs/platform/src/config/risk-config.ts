import { resolve } from 'node:path';
import { parseInteger } from './config-parsing';

/** Where the risk monitor keeps its state and how often its timers run. */
export type RiskConfig = Readonly<{
  /** Thresholds file (JSON or YAML); null = the shipped defaults. Loaded and validated at boot. */
  riskRulesFile: string | null;
  /** SQLite file for the risk state when there is no PostgreSQL. */
  riskStatePath: string;
  /** Clock sweep (EW-COVER) interval; 0 turns it off. */
  riskSweepIntervalMs: number;
  riskParkedRetryMs: number;
}>;

export const loadRiskConfig = (env: NodeJS.ProcessEnv = process.env): RiskConfig => {
  const sqlitePath = env.SQLITE_PATH || './data/crm.sqlite';
  return {
    riskRulesFile: env.RISK_RULES_FILE ? resolve(env.RISK_RULES_FILE) : null,
    riskStatePath: resolve(env.RISK_STATE_PATH || sqlitePath.replace(/(\.sqlite)?$/, '.risk.sqlite')),
    riskSweepIntervalMs: parseInteger('RISK_SWEEP_INTERVAL_MS', env.RISK_SWEEP_INTERVAL_MS, 60_000, 0, 86_400_000),
    riskParkedRetryMs: parseInteger('RISK_PARKED_RETRY_MS', env.RISK_PARKED_RETRY_MS, 30_000, 100, 86_400_000),
  };
};
