import { DAY_MS, parseInstant } from '../instant';
import { isCoreOrKey, type ClientRiskState } from '../risk-state';
import type { RiskEvent } from '../risk-event';
import type { RiskRulesConfig } from '../risk-rules.config';
import { asPercent, unitsRatioAtLeast } from './ratio';
import type { BandRule } from './band-rule';

/**
 * EW-CHURN has two halves. A signal (a complaint from a core or key client, medium) is an event,
 * and each one is a reading. The share of product holdings closed within 90 days is a state,
 * edge-triggered like the other rules: high when it reaches 50%. Version 1 also read an NPS answer
 * of 6 or lower as a signal; since version 2 a detractor is its manager's recovery task, not a
 * risk officer's alert (docs/decisions.md §63).
 */

type Share = Readonly<{ closed: number; weighed: number }>;

/**
 * Holdings open at some instant of [at − windowDays, at], and how many of them were closed in it.
 * Holdings opened and closed inside the window count in both.
 */
const closedShare = (state: ClientRiskState, at: number, config: RiskRulesConfig): Share => {
  const windowStart = at - config.rules['EW-CHURN'].holdingsWindowDays * DAY_MS;
  let closed = 0;
  let weighed = 0;
  for (const holding of Object.values(state.holdings)) {
    const openedAt = parseInstant(holding.openedAt);
    const closedAt = parseInstant(holding.closedAt);
    if (openedAt === null || openedAt > at) continue;
    if (closedAt !== null && closedAt < windowStart) continue;
    weighed += 1;
    if (closedAt !== null && closedAt <= at) closed += 1;
  }
  return { closed, weighed };
};

const shareReached = (share: Share, config: RiskRulesConfig): boolean =>
  share.weighed > 0 &&
  unitsRatioAtLeast(BigInt(share.closed), BigInt(share.weighed), config.rules['EW-CHURN'].holdingsClosedShare);

export const ewChurnHoldingsRule: BandRule = {
  id: 'EW-CHURN',
  band: (state, at, config) => (shareReached(closedShare(state, at, config), config) ? 'high' : null),
  reason: (state, at, config) => {
    const rule = config.rules['EW-CHURN'];
    const { closed, weighed } = closedShare(state, at, config);
    return `${closed} of ${weighed} product holdings closed within ${rule.holdingsWindowDays} days (${asPercent(rule.holdingsClosedShare)} or more)`;
  },
};

/**
 * The reason for a churn signal carried by this event, or null. `state` is the state after the
 * event (a complaint does not change the tier, so before and after agree on it).
 */
export const churnSignal = (state: ClientRiskState, event: RiskEvent): string | null => {
  if (event.type !== 'ComplaintReceived') return null;
  const tier = state.tier;
  return isCoreOrKey(tier) ? `complaint from a ${tier} client` : null;
};
