import { dpdBucketLabel, dpdStage } from '../../credit/arrears';
import { idField } from '../event-data';
import type { RiskRulesConfig } from '../risk-rules.config';
import type { RiskBand } from '../severity-rank';
import type { BandRule } from './band-rule';
import { worstArrear } from './worst-arrear';

const bandOf = (daysPastDue: number, config: RiskRulesConfig): RiskBand => {
  const rule = config.rules['EW-DPD'];
  if (daysPastDue >= rule.criticalDays) return 'critical';
  if (daysPastDue >= rule.highDays) return 'high';
  if (daysPastDue >= rule.mediumDays) return 'medium';
  return null;
};

/**
 * EW-DPD: days past due on the worst facility, counted from the date the oldest unpaid amount
 * fell due to the bank's date at the instant looked at, so an arrear ages without new reports
 * (the clock sweep sees it cross each threshold). Defaults: ≥ 30 high (the IFRS 9 5.5.11
 * backstop), ≥ 90 critical (default, Basel / CRR Art. 178). Within a severity the buckets 1, 30,
 * 60, 90, 180, 270, 360 are stages, so 30 → 60 and 90 → 180 → 270 → 360 each escalate the alert.
 */
export const ewDpdRule: BandRule = {
  id: 'EW-DPD',
  band: (state, at, config) => bandOf(worstArrear(state, at, config.timeZone)?.daysPastDue ?? 0, config),
  stage: (state, at, config) => dpdStage(worstArrear(state, at, config.timeZone)?.daysPastDue ?? 0),
  reason: (state, at, config, event) => {
    const preferred = event === null ? null : idField(event.data, 'facilityId');
    const worst = worstArrear(state, at, config.timeZone, preferred);
    return worst === null
      ? 'no facility is past due'
      : `facility ${worst.facilityId} is ${worst.daysPastDue} days past due (${dpdBucketLabel(worst.daysPastDue) ?? 'current'} bucket)`;
  },
};
