import { parseSatisfactionTargets, type SatisfactionTargets } from '@crm/domain';
import { loadSatisfactionTargetsFile, type SatisfactionConfig } from '@crm/platform';

/** Injection token of the quarterly targets loaded at boot (SATISFACTION_TARGETS_FILE). */
export const SATISFACTION_TARGETS = Symbol('SATISFACTION_TARGETS');

/** Read and checked once at boot: a bad targets file stops the API with one line naming every problem. */
export const loadSatisfactionTargets = (config: SatisfactionConfig): SatisfactionTargets =>
  loadSatisfactionTargetsFile(config.satisfactionTargetsFile, parseSatisfactionTargets);
