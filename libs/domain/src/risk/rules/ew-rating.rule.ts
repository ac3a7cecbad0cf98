import { CREDIT_RATINGS, rank, type CreditRating } from '../../common/scales';
import { addUtcMonths } from '../instant';
import type { ClientRiskState } from '../risk-state';
import type { RiskRulesConfig } from '../risk-rules.config';
import type { BandRule } from './band-rule';

type Fall = Readonly<{ peak: CreditRating; current: CreditRating; notches: number }>;

/**
 * How far the rating now stands below the best rating in force at any instant of the window
 * [at − windowMonths, at]: the rating in force at the window's start counts, so A two years ago,
 * BBB ten months ago and BB today is a fall of three notches within twelve months. A change
 * exactly at the window's start is the rating in force there, replacing the one before it.
 */
export const ratingFall = (state: ClientRiskState, at: number, config: RiskRulesConfig): Fall | null => {
  const windowStart = addUtcMonths(at, -config.rules['EW-RATING'].windowMonths);
  let inForceAtStart: CreditRating | null = null;
  let current: CreditRating | null = null;
  const inWindow: CreditRating[] = [];
  for (const entry of state.ratings) {
    const entryAt = Date.parse(entry.at);
    if (entryAt > at) break;
    current = entry.rating;
    if (entryAt <= windowStart) inForceAtStart = entry.rating;
    else inWindow.push(entry.rating);
  }
  if (current === null) return null;
  const candidates = inForceAtStart === null ? inWindow : [inForceAtStart, ...inWindow];
  const peak = candidates.reduce<CreditRating>(
    (best, rating) => (rank(CREDIT_RATINGS, rating) < rank(CREDIT_RATINGS, best) ? rating : best),
    current,
  );
  return { peak, current, notches: rank(CREDIT_RATINGS, current) - rank(CREDIT_RATINGS, peak) };
};

/** EW-RATING: the internal rating fell ≥ 2 notches within 12 months (high). */
export const ewRatingRule: BandRule = {
  id: 'EW-RATING',
  band: (state, at, config) => {
    const fall = ratingFall(state, at, config);
    return fall !== null && fall.notches >= config.rules['EW-RATING'].notches ? 'high' : null;
  },
  reason: (state, at, config) => {
    const fall = ratingFall(state, at, config);
    const months = config.rules['EW-RATING'].windowMonths;
    return fall === null
      ? 'no internal rating'
      : `internal rating fell ${fall.notches} notches from ${fall.peak} to ${fall.current} within ${months} months`;
  },
};
