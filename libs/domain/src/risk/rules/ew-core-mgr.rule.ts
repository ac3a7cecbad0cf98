import type { BandRule } from './band-rule';

/**
 * EW-CORE-MGR (low): a core client covered by an associate-level manager, against the bank's
 * 80/20 rule. The level is the one ManagerAssigned recorded; a later promotion on the manager's
 * own stream is not a client event and is seen at the next assignment.
 */
export const ewCoreMgrRule: BandRule = {
  id: 'EW-CORE-MGR',
  band: (state) => (state.tier === 'core' && state.managerLevel === 'associate' ? 'low' : null),
  reason: () => 'core client covered by an associate-level manager',
};
