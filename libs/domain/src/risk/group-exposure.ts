import { decimalOfUnits, toUnits } from '../common/decimal';
import type { RiskEvent } from './risk-event';
import type { GroupRuleConfig, RiskRulesConfig } from './risk-rules.config';
import type { ClientRiskState } from './risk-state';
import type { RiskReading } from './risk-rules';
import { isWorseBand, type RiskBand } from './severity-rank';

/**
 * What one client puts at stake towards its group, in the rule's currency: per facility the
 * larger of the limit and what is drawn (a facility drawn beyond its limit counts what is
 * drawn). Facilities in another currency, or without a limit yet, are not counted: the rule
 * converts nothing.
 */
export const memberExposure = (state: ClientRiskState, rule: GroupRuleConfig): string => {
  let units = 0n;
  for (const facility of Object.values(state.facilities)) {
    if (facility.currency !== rule.currency || facility.limit === null) continue;
    const limit = toUnits(facility.limit);
    const drawn = facility.drawn === null ? 0n : toUnits(facility.drawn);
    units += limit > drawn ? limit : drawn;
  }
  return decimalOfUnits(units);
};

/** A member's exposure row as the risk monitor keeps it per group. */
export type GroupMemberExposure = Readonly<{ clientId: string; exposure: string }>;

/** Where the group stands with EW-GROUP: the band last evaluated and the alert episode in play. */
export type GroupStanding = Readonly<{ band: RiskBand; episode: number }>;

const shareBand = (total: bigint, rule: GroupRuleConfig): RiskBand => {
  // total / capital ≥ threshold, compared without division: total ≥ threshold × capital.
  const capital = toUnits(rule.capital);
  const reaches = (threshold: string) => total * 10_000n >= toUnits(threshold) * capital;
  if (reaches(rule.high)) return 'high';
  return reaches(rule.medium) ? 'medium' : null;
};

/** A per-mille count as a percentage with one decimal ("12.5"). */
const percent = (perMille: bigint): string => `${perMille / 10n}.${perMille % 10n}`;

export type GroupAssessment = Readonly<{ total: string; band: RiskBand; reading: RiskReading | null }>;

/**
 * EW-GROUP, edge-triggered like the per-client rules: a reading when the group's band after the
 * change is worse than the one stored. The reading is about the group's parent client (the
 * group's id); its reason gives the group, the total and the share of capital, never a name.
 */
export const assessGroup = (
  groupId: string,
  members: readonly GroupMemberExposure[],
  stored: RiskBand,
  config: RiskRulesConfig,
  event: RiskEvent,
): GroupAssessment => {
  const rule = config.rules['EW-GROUP'];
  const totalUnits = members.reduce((sum, member) => sum + toUnits(member.exposure), 0n);
  const total = decimalOfUnits(totalUnits);
  if (!rule.enabled) return { total, band: null, reading: null };
  const band = shareBand(totalUnits, rule);
  if (band === null || !isWorseBand(band, stored)) return { total, band, reading: null };
  const threshold = band === 'high' ? rule.high : rule.medium;
  return {
    total,
    band,
    reading: {
      ruleId: 'EW-GROUP',
      ruleVersion: rule.version,
      severity: band,
      reason:
        `group ${groupId}: exposure ${total} ${rule.currency} over ${members.length} member(s) is ` +
        `${percent((totalUnits * 1000n) / toUnits(rule.capital))}% of capital ` +
        `(threshold ${percent(toUnits(threshold) / 10n)}%)`,
      evidence: [event.eventId],
    },
  };
};
