import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { parseInteger } from './config-parsing';

/** This deployment's satisfaction settings (docs/operations.md, Satisfaction targets). */
export type SatisfactionConfig = Readonly<{
  /**
   * SATISFACTION_TARGETS_FILE: the quarterly NPS and CSAT targets (YAML), resolved from the working
   * directory; default config/satisfaction-targets.yaml. Read and checked at boot by the API and
   * the risk monitor (loadSatisfactionTargetsFile).
   */
  satisfactionTargetsFile: string;
  /** SATISFACTION_RECOVERY_DAYS: days a manager has for a detractor's recovery task (default 5). */
  satisfactionRecoveryDays: number;
}>;

export const DEFAULT_SATISFACTION_TARGETS_FILE = 'config/satisfaction-targets.yaml';

export const loadSatisfactionConfig = (env: NodeJS.ProcessEnv = process.env): SatisfactionConfig => ({
  satisfactionTargetsFile: resolve(env.SATISFACTION_TARGETS_FILE || DEFAULT_SATISFACTION_TARGETS_FILE),
  // The domain's RECOVERY_DAYS_LIMITS (platform imports no domain).
  satisfactionRecoveryDays: parseInteger('SATISFACTION_RECOVERY_DAYS', env.SATISFACTION_RECOVERY_DAYS, 5, 1, 30),
});

/** A targets file the process cannot run with; the message names the file and every problem. */
export class SatisfactionTargetsFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid satisfaction targets file ${path} (SATISFACTION_TARGETS_FILE): ${problems.join('; ')}`);
    this.name = 'SatisfactionTargetsFileError';
  }
}

const problemsOf = (error: unknown): readonly string[] | null => {
  const problems = (error as { problems?: unknown } | null)?.problems;
  return Array.isArray(problems) && problems.every((problem) => typeof problem === 'string') ? problems : null;
};

/**
 * Reads the targets file at `path` and hands it to `validate` (the domain's
 * parseSatisfactionTargets: platform imports no domain, so the rules come in as a function). A file
 * that cannot be read, is not YAML or fails validation throws SatisfactionTargetsFileError.
 */
export const loadSatisfactionTargetsFile = <T>(path: string, validate: (raw: unknown) => T): T => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SatisfactionTargetsFileError(path, [
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new SatisfactionTargetsFileError(path, [
      `is not YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'parse error'}`,
    ]);
  }
  try {
    return validate(raw);
  } catch (error) {
    const problems = problemsOf(error);
    if (problems !== null) throw new SatisfactionTargetsFileError(path, problems);
    throw error;
  }
};
