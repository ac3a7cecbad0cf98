import { bandRank, type RiskBand } from '../severity-rank';
import { idField } from '../event-data';
import { ownValue } from '../own-record';
import type { FacilityRisk } from '../risk-state';
import type { RiskRulesConfig } from '../risk-rules.config';
import { asPercent, ratioAbove } from './ratio';
import type { BandRule } from './band-rule';

/**
 * A facility's band. Only revolving lines are measured: a term loan is drawn in full by design and
 * guarantees and trade lines are contingent. A facility recorded before types existed is watched as
 * revolving, as it was then. Without both a limit and a drawn amount there is nothing to measure.
 */
const bandOf = (facility: FacilityRisk, config: RiskRulesConfig): RiskBand => {
  const rule = config.rules['EW-UTIL'];
  if (facility.type !== undefined && facility.type !== 'revolving') return null;
  if (facility.limit === null || facility.drawn === null) return null;
  if (ratioAbove(facility.drawn, facility.limit, rule.high)) return 'high';
  if (ratioAbove(facility.drawn, facility.limit, rule.medium)) return 'medium';
  return null;
};

/** The facility with the worst band; the event's own facility wins a tie, then the smallest id. */
const worstFacility = (
  facilities: Readonly<Record<string, FacilityRisk>>,
  config: RiskRulesConfig,
  preferred: string | null,
): Readonly<{ facilityId: string; band: RiskBand }> => {
  const ids = Object.keys(facilities).sort();
  if (preferred !== null && ownValue(facilities, preferred) !== undefined) ids.unshift(preferred);
  let worst: Readonly<{ facilityId: string; band: RiskBand }> = { facilityId: '', band: null };
  for (const facilityId of ids) {
    const facility = ownValue(facilities, facilityId);
    if (facility === undefined) continue;
    const band = bandOf(facility, config);
    if (bandRank(band) > bandRank(worst.band)) worst = { facilityId, band };
  }
  return worst;
};

/** EW-UTIL: drawn above 90% of a revolving facility's limit (medium), above 100% (high). */
export const ewUtilRule: BandRule = {
  id: 'EW-UTIL',
  band: (state, _at, config) => worstFacility(state.facilities, config, null).band,
  reason: (state, _at, config, event) => {
    const rule = config.rules['EW-UTIL'];
    const worst = worstFacility(state.facilities, config, event === null ? null : idField(event.data, 'facilityId'));
    if (worst.band === null) return 'no facility is drawn above its thresholds';
    const threshold = worst.band === 'high' ? rule.high : rule.medium;
    return `facility ${worst.facilityId} is drawn above ${asPercent(threshold)} of its limit`;
  },
};
