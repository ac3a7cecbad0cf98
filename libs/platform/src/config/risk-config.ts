import { resolve } from 'node:path';
import { ConfigError, parseInteger } from './config-parsing';

/** Where the risk monitor keeps its state and how often its timers run. */
export type RiskConfig = Readonly<{
  /** Thresholds file (JSON or YAML); null = the shipped defaults. Loaded and validated at boot. */
  riskRulesFile: string | null;
  /** SQLite file for the risk state when there is no PostgreSQL. */
  riskStatePath: string;
  /** Clock sweep (EW-COVER) interval; 0 turns it off. */
  riskSweepIntervalMs: number;
  riskParkedRetryMs: number;
  /**
   * RISK_MONITOR_NOW: the instant the monitor's clock starts from (it then runs at the real pace),
   * so a test can see arrears age by weeks without waiting; null = the real clock. Refused in
   * production.
   */
  riskMonitorNow: string | null;
}>;

export const loadRiskConfig = (env: NodeJS.ProcessEnv = process.env): RiskConfig => {
  const sqlitePath = env.SQLITE_PATH || './data/crm.sqlite';
  return {
    riskRulesFile: env.RISK_RULES_FILE ? resolve(env.RISK_RULES_FILE) : null,
    riskStatePath: resolve(env.RISK_STATE_PATH || sqlitePath.replace(/(\.sqlite)?$/, '.risk.sqlite')),
    riskSweepIntervalMs: parseInteger('RISK_SWEEP_INTERVAL_MS', env.RISK_SWEEP_INTERVAL_MS, 60_000, 0, 86_400_000),
    riskParkedRetryMs: parseInteger('RISK_PARKED_RETRY_MS', env.RISK_PARKED_RETRY_MS, 30_000, 100, 86_400_000),
    riskMonitorNow: parseMonitorNow(env),
  };
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const parseMonitorNow = (env: NodeJS.ProcessEnv): string | null => {
  const raw = env.RISK_MONITOR_NOW;
  if (raw === undefined || raw === '') return null;
  if (env.NODE_ENV === 'production')
    throw new ConfigError('RISK_MONITOR_NOW', 'must not be set when NODE_ENV=production');
  if (!INSTANT.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new ConfigError('RISK_MONITOR_NOW', 'must be an ISO-8601 instant with a time zone');
  }
  return new Date(raw).toISOString();
};
