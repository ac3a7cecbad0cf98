import { LOAN_CLASSIFICATIONS, rank } from '../../common/scales';
import type { BandRule } from './band-rule';

/**
 * EW-CLASS: the five-category classification moved to special mention (high) or to substandard
 * or worse (critical). Every move into a worse category is visible: the category is the rule's
 * stage, so substandard → doubtful → loss each escalate the open alert although all three are
 * critical.
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
  stage: (state) => (state.classification === null ? 0 : rank(LOAN_CLASSIFICATIONS, state.classification)),
  reason: (state) => `loan classification is ${state.classification ?? 'unknown'}`,
};
