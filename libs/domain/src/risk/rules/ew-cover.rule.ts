import { DAY_MS, parseInstant } from '../instant';
import type { ClientRiskState } from '../risk-state';
import type { RiskRulesConfig } from '../risk-rules.config';
import type { BandRule } from './band-rule';

type Gap = Readonly<{ tier: 'core' | 'key'; limitDays: number; since: string; contacted: boolean }>;

/**
 * The coverage gap of a core or key client at `at`, if it is longer than the tier allows: time
 * since the last contact, or since the client became core/key when it has never been contacted.
 */
const gapOf = (state: ClientRiskState, at: number, config: RiskRulesConfig): Gap | null => {
  const rule = config.rules['EW-COVER'];
  const tier = state.tier;
  if (tier !== 'core' && tier !== 'key') return null;
  const limitDays = tier === 'core' ? rule.coreDays : rule.keyDays;
  const since = state.lastContactAt ?? state.becameCoreOrKeyAt;
  const sinceAt = parseInstant(since);
  if (since === null || sinceAt === null) return null;
  return at - sinceAt > limitDays * DAY_MS ? { tier, limitDays, since, contacted: state.lastContactAt !== null } : null;
};

/**
 * EW-COVER (medium), run by the clock sweep: no contact with a core client for more than 35
 * days, a key client for more than 90. "More than" is to the millisecond: exactly 35 days is in
 * time.
 */
export const ewCoverRule: BandRule = {
  id: 'EW-COVER',
  band: (state, at, config) => (gapOf(state, at, config) === null ? null : 'medium'),
  reason: (state, at, config) => {
    const gap = gapOf(state, at, config);
    if (gap === null) return 'client contacted in time';
    const day = gap.since.slice(0, 10);
    return gap.contacted
      ? `${gap.tier} client not contacted for more than ${gap.limitDays} days (last contact ${day})`
      : `${gap.tier} client not contacted for more than ${gap.limitDays} days (never contacted since becoming ${gap.tier} on ${day})`;
  },
};
