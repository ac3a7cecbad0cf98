import { LOAN_CLASSIFICATIONS, rank } from '../../shared/scales';
import type { BandRule } from './band-rule';

/**
 * EW-CLASS: the five-category classification moved to special mention (high) or to substandard
 * or worse (critical). China's 2023 asset risk classification measures put any overdue loan at
 * least in special mention and one > 90 days past due at least in substandard.
 */
export const ewClassRule: BandRule = {
  id: 'EW-CLASS',
  band: (state, _at, config) => {
    const rule = config.rules['EW-CLASS'];
    if (state.classification === null) return null;
    const current = rank(LOAN_CLASSIFICATIONS, state.classification);
    if (current >= rank(LOAN_CLASSIFICATIONS, rule.criticalFrom)) return 'critical';
    if (current >= rank(LOAN_CLASSIFICATIONS, rule.highFrom)) return 'high';
    return null;
  },
  reason: (state) => `loan classification is ${state.classification ?? 'unknown'}`,
};
