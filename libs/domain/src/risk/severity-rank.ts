import { rank, SEVERITIES, type Severity } from '../common/scales';

/** low 0, medium 1, high 2, critical 3: alerts only ever move up this order on their own. */
export const severityRank = (severity: Severity): number => rank(SEVERITIES, severity);

/**
 * A rule's band: the severity its facts call for now, or null when the rule is quiet. Bands are
 * what the edge trigger compares, so "no band" must rank below every severity.
 */
export type RiskBand = Severity | null;

export const bandRank = (band: RiskBand): number => (band === null ? -1 : severityRank(band));

export const isWorseBand = (candidate: RiskBand, than: RiskBand): boolean => bandRank(candidate) > bandRank(than);

export const lowerBand = (a: RiskBand, b: RiskBand): RiskBand => (bandRank(a) <= bandRank(b) ? a : b);
