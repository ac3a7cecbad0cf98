import { idField } from '../event-data';
import { ownValue } from '../own-record';
import type { RiskRulesConfig } from '../risk-rules.config';
import type { RiskBand } from '../severity-rank';
import type { BandRule } from './band-rule';

const bandOf = (daysPastDue: number, config: RiskRulesConfig): RiskBand => {
  const rule = config.rules['EW-DPD'];
  if (daysPastDue > rule.criticalDays) return 'critical';
  if (daysPastDue > rule.highDays2) return 'high';
  if (daysPastDue > rule.highDays) return 'high';
  if (daysPastDue >= rule.mediumDays) return 'medium';
  return null;
};

/** The most overdue facility; the event's own facility wins a tie, then the smallest id. */
const worstFacility = (
  facilities: Readonly<Record<string, Readonly<{ daysPastDue: number }>>>,
  preferred: string | null,
): Readonly<{ facilityId: string; daysPastDue: number }> | null => {
  let worst: { facilityId: string; daysPastDue: number } | null = null;
  const ids = Object.keys(facilities).sort();
  if (preferred !== null && ownValue(facilities, preferred) !== undefined) ids.unshift(preferred);
  for (const facilityId of ids) {
    const daysPastDue = ownValue(facilities, facilityId)?.daysPastDue ?? 0;
    if (daysPastDue > 0 && (worst === null || daysPastDue > worst.daysPastDue)) worst = { facilityId, daysPastDue };
  }
  return worst;
};

/**
 * EW-DPD: days past due ≥ 8 medium, > 30 high (IFRS 9 5.5.11 backstop), > 60 high, > 90 critical
 * (default, Basel / CRR Art. 178). The client's band is that of its worst facility. The > 60 tier
 * keeps the severity of > 30, so under the edge trigger it raises nothing new on its own; it is
 * kept because the rule table (docs/decisions.md §23) lists it and a reading that jumps straight
 * past 60 names it in its band.
 */
export const ewDpdRule: BandRule = {
  id: 'EW-DPD',
  band: (state, _at, config) => bandOf(worstFacility(state.facilities, null)?.daysPastDue ?? 0, config),
  reason: (state, _at, _config, event) => {
    const worst = worstFacility(state.facilities, event === null ? null : idField(event.data, 'facilityId'));
    return worst === null
      ? 'no facility is past due'
      : `facility ${worst.facilityId} is ${worst.daysPastDue} days past due`;
  },
};
