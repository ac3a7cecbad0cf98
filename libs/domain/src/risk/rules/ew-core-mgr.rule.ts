import type { BandRule } from './band-rule';

/**
 * EW-CORE-MGR: a core client without the senior coverage the bank's 80/20 rule asks for. Low when
 * an associate-level manager covers it; medium when its manager left the bank and nobody covers
 * it (CoverageLapsed, noted on each client when the departure is recorded). The level is the one
 * ManagerAssigned recorded; a later promotion on the manager's own stream is not a client event
 * and is seen at the next assignment. The assignment that ends a lapse is judged afresh
 * (freshAfter), so a handover that gives a core client to an associate reads low even though the
 * departure's alert was at medium, or was worked to a decision meanwhile.
 */
export const ewCoreMgrRule: BandRule = {
  id: 'EW-CORE-MGR',
  band: (state) => {
    if (state.tier !== 'core') return null;
    if (state.coverageLapsed === true) return 'medium';
    return state.managerLevel === 'associate' ? 'low' : null;
  },
  freshAfter: (before, event) => event.type === 'ManagerAssigned' && before.coverageLapsed === true,
  reason: (state) =>
    state.coverageLapsed === true
      ? 'core client whose manager left the bank: nobody covers it'
      : 'core client covered by an associate-level manager',
};
