import { bankDateOf, daysBetween } from '../../calendar/bank-date';
import { ownValue } from '../own-record';
import type { ClientRiskState } from '../risk-state';
import type { RiskRulesConfig } from '../risk-rules.config';
import type { BandRule } from './band-rule';

type Overdue = Readonly<{ facilityId: string; reviewDate: string; daysLate: number }>;

/** The facility whose review is most overdue at `at` (more than graceDays after its date), if any. */
const mostOverdue = (state: ClientRiskState, at: number, config: RiskRulesConfig): Overdue | null => {
  const today = bankDateOf(at, config.timeZone);
  const grace = config.rules['EW-REVIEW'].graceDays;
  let worst: Overdue | null = null;
  for (const facilityId of Object.keys(state.facilities).sort()) {
    const reviewDate = ownValue(state.facilities, facilityId)?.nextReviewDate ?? null;
    if (reviewDate === null) continue;
    const daysLate = daysBetween(reviewDate, today);
    if (daysLate > grace && (worst === null || daysLate > worst.daysLate)) worst = { facilityId, reviewDate, daysLate };
  }
  return worst;
};

/**
 * EW-REVIEW (medium): a facility is past its next credit review date (by more than graceDays, on
 * the bank's calendar). The clock sweep sees the date pass; recording a later review date ends it.
 */
export const ewReviewRule: BandRule = {
  id: 'EW-REVIEW',
  band: (state, at, config) => (mostOverdue(state, at, config) === null ? null : 'medium'),
  reason: (state, at, config) => {
    const overdue = mostOverdue(state, at, config);
    return overdue === null
      ? 'no facility is past its review date'
      : `facility ${overdue.facilityId} is ${overdue.daysLate} days past its review date ${overdue.reviewDate}`;
  },
};
