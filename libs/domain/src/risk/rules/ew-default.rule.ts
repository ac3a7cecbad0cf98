import type { BandRule } from './band-rule';

/**
 * EW-DEFAULT (critical): the internal rating is D, the default grade, whether the client fell to
 * it or was first rated there. EW-RATING counts notches and would miss a first rating of D, or
 * see C → D as one notch.
 */
export const ewDefaultRule: BandRule = {
  id: 'EW-DEFAULT',
  band: (state, at) => (ratingAt(state.ratings, at) === 'D' ? 'critical' : null),
  reason: () => 'internal rating is D (default)',
};

const ratingAt = (ratings: readonly Readonly<{ at: string; rating: string }>[], at: number): string | null => {
  let current: string | null = null;
  for (const entry of ratings) {
    if (Date.parse(entry.at) > at) break;
    current = entry.rating;
  }
  return current;
};
