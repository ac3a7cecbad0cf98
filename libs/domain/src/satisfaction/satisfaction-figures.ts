import type { SurveyKind } from '../common/scales';

/**
 * How the bank reads satisfaction answers (docs/domain.md, Satisfaction). NPS: promoters answer
 * 9–10, detractors 0–6. CSAT (1–5): 4–5 is satisfied, 1–2 dissatisfied. A detractor and a
 * dissatisfied answer both call for a recovery.
 */
export const NPS_PROMOTER_MIN = 9;
export const NPS_DETRACTOR_MAX = 6;
export const CSAT_SATISFIED_MIN = 4;
export const CSAT_DISSATISFIED_MAX = 2;

/** Whether an answer calls for a recovery: an NPS detractor (0–6) or a dissatisfied CSAT (1–2). */
export const callsForRecovery = (kind: SurveyKind, score: number): boolean =>
  kind === 'nps' ? score <= NPS_DETRACTOR_MAX : score <= CSAT_DISSATISFIED_MAX;

/** A group's answers as counted for its figures (self-reported ones are counted apart, never here). */
export type SatisfactionCounts = Readonly<{
  npsAnswers: number;
  promoters: number;
  detractors: number;
  csatAnswers: number;
  satisfied: number;
}>;

export const NO_SATISFACTION_COUNTS: SatisfactionCounts = {
  npsAnswers: 0,
  promoters: 0,
  detractors: 0,
  csatAnswers: 0,
  satisfied: 0,
};

export const addSatisfactionCounts = (a: SatisfactionCounts, b: SatisfactionCounts): SatisfactionCounts => ({
  npsAnswers: a.npsAnswers + b.npsAnswers,
  promoters: a.promoters + b.promoters,
  detractors: a.detractors + b.detractors,
  csatAnswers: a.csatAnswers + b.csatAnswers,
  satisfied: a.satisfied + b.satisfied,
});

/**
 * `100 × numerator / denominator` rounded to a whole number, halves away from zero (12.5 → 13,
 * −12.5 → −13), in integer arithmetic so no binary fraction tips a half either way.
 */
export const percentRounded = (numerator: number, denominator: number): number => {
  const scaled = Math.abs(100 * numerator);
  const rounded = Math.floor((2 * scaled + denominator) / (2 * denominator));
  return numerator < 0 ? -rounded : rounded;
};

/** The Net Promoter Score, −100…100, whole; null without NPS answers. */
export const npsOf = (counts: SatisfactionCounts): number | null =>
  counts.npsAnswers === 0 ? null : percentRounded(counts.promoters - counts.detractors, counts.npsAnswers);

/** The share of CSAT answers scoring 4–5, 0…100, whole; null without CSAT answers. */
export const csatOf = (counts: SatisfactionCounts): number | null =>
  counts.csatAnswers === 0 ? null : percentRounded(counts.satisfied, counts.csatAnswers);

/** A branch's quarterly target: NPS −100…100 and CSAT 0…100, whole numbers. */
export type SatisfactionTarget = Readonly<{ nps: number; csat: number }>;

/**
 * Below target when either figure is below its target; a figure without answers is not judged
 * (a quarter with no CSAT answers misses no CSAT target).
 */
export const isBelowTarget = (
  figures: Readonly<{ nps: number | null; csat: number | null }>,
  target: SatisfactionTarget,
): boolean =>
  (figures.nps !== null && figures.nps < target.nps) || (figures.csat !== null && figures.csat < target.csat);
