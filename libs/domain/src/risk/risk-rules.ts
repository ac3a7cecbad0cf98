import type { Severity } from '../common/scales';
import { parseInstant } from './instant';
import type { RiskEvent } from './risk-event';
import type { RiskRuleId } from './risk-rule-id';
import type { RiskRulesConfig } from './risk-rules.config';
import type { ClientRiskState } from './risk-state';
import { isWorseBand, lowerBand, type RiskBand } from './severity-rank';
import type { BandRule } from './rules/band-rule';
import { ewChurnHoldingsRule, churnSignal } from './rules/ew-churn.rule';
import { ewClassRule } from './rules/ew-class.rule';
import { ewClassFloorRule } from './rules/ew-class-floor.rule';
import { ewDefaultRule } from './rules/ew-default.rule';
import { ewCoreMgrRule } from './rules/ew-core-mgr.rule';
import { ewCoverRule } from './rules/ew-cover.rule';
import { ewDpdRule } from './rules/ew-dpd.rule';
import { ewFinRule } from './rules/ew-fin.rule';
import { ewFlagsRule } from './rules/ew-flags.rule';
import { ewRatingRule } from './rules/ew-rating.rule';
import { ewUtilRule } from './rules/ew-util.rule';
import { ewReviewRule } from './rules/ew-review.rule';

/** What a rule says about a client; the monitor turns it into a RaiseAlert. */
export type RiskReading = Readonly<{
  ruleId: RiskRuleId;
  ruleVersion: number;
  severity: Severity;
  /** Facts only, in English; never personal data. */
  reason: string;
  /** Ids of the events behind the reading; empty for the clock sweep. */
  evidence: string[];
  /** The rule's stage within its severity (see BandRule.stage); a higher one escalates an open alert. */
  stage?: number;
}>;

/**
 * Rules evaluated on every event, in the order of docs/decisions.md §23. EW-COVER is not among them: it fires from
 * the clock sweep only (see evaluateSweep), because a gap in coverage is the absence of events.
 */
const EVENT_BAND_RULES: readonly BandRule[] = [
  ewDpdRule,
  ewClassRule,
  ewClassFloorRule,
  ewDefaultRule,
  ewRatingRule,
  ewFlagsRule,
  ewUtilRule,
  ewReviewRule,
  ewFinRule,
  ewCoreMgrRule,
  ewChurnHoldingsRule,
];

/** Rules whose facts move with the clock alone (an arrear ages); the sweep evaluates them too. */
const CLOCK_BAND_RULES: readonly BandRule[] = [ewDpdRule, ewClassFloorRule, ewReviewRule];

const storedBand = (state: ClientRiskState, ruleId: RiskRuleId): RiskBand => state.bands[ruleId] ?? null;

/**
 * A state saved before stages existed has none: it takes the stage its facts call for, so the
 * upgrade itself escalates nothing.
 */
const storedStage = (state: ClientRiskState, ruleId: RiskRuleId, recomputed: number): number =>
  state.stages === undefined ? recomputed : (state.stages[ruleId] ?? 0);

type Standing = Readonly<{ band: RiskBand; stage: number }>;

/** Worse: a higher severity, or the same severity at a higher stage. */
const isWorse = (next: Standing, previous: Standing): boolean =>
  next.band !== null &&
  (isWorseBand(next.band, previous.band) || (next.band === previous.band && next.stage > previous.stage));

const standingOf = (rule: BandRule, state: ClientRiskState, at: number, config: RiskRulesConfig): Standing => {
  const band = rule.band(state, at, config);
  return { band, stage: band === null ? 0 : (rule.stage?.(state, at, config) ?? 0) };
};

/** Only staged rules with a stage are kept: the state is stored for every client. */
const keepStage = (stages: Partial<Record<RiskRuleId, number>>, ruleId: RiskRuleId, stage: number): void => {
  if (stage > 0) stages[ruleId] = stage;
  else delete stages[ruleId];
};

const UNREAD: Standing = { band: null, stage: 0 };

/** The lower of two standings, so a stale stored one cannot hide a new fall (see assessEvent). */
const lowerStanding = (a: Standing, b: Standing): Standing => (isWorse(a, b) ? b : a);

const readingOf = (
  rule: BandRule,
  standing: Standing,
  state: ClientRiskState,
  at: number,
  config: RiskRulesConfig,
  event: RiskEvent | null,
): RiskReading => ({
  ruleId: rule.id,
  ruleVersion: config.rules[rule.id].version,
  severity: standing.band ?? 'low',
  reason: rule.reason(state, at, config, event),
  evidence: event === null ? [] : [event.eventId],
  ...(standing.stage > 0 ? { stage: standing.stage } : {}),
});

export type EventAssessment = Readonly<{
  readings: RiskReading[];
  bands: ClientRiskState['bands'];
  stages: NonNullable<ClientRiskState['stages']>;
}>;

/**
 * The edge trigger. A state-like rule reads when its standing (band, then stage within the band)
 * after the event is worse than before it; "before" is the lower of the standing stored last time
 * and the one the facts before the event call for at the event's time. The stored standing keeps
 * a rule from firing again on a repeated or redelivered reading; the recomputed one keeps a stale
 * stored band from hiding a new fall (a rating window that has moved on) and lets a rule just
 * enabled, or a threshold just lowered, fire on the next event. Disabled rules read nothing and
 * forget their standing.
 */
export const assessEvent = (
  before: ClientRiskState,
  after: ClientRiskState,
  event: RiskEvent,
  config: RiskRulesConfig,
): EventAssessment => {
  const at = parseInstant(event.occurredAt);
  // evolveRiskState skipped an event without a usable time; so do the rules.
  if (at === null) return { readings: [], bands: before.bands, stages: before.stages ?? {} };
  const readings: RiskReading[] = [];
  const bands: Partial<Record<RiskRuleId, RiskBand>> = { ...before.bands };
  const stages: Partial<Record<RiskRuleId, number>> = { ...before.stages };

  for (const rule of EVENT_BAND_RULES) {
    if (!config.rules[rule.id].enabled) {
      bands[rule.id] = null;
      delete stages[rule.id];
      continue;
    }
    const recomputed = standingOf(rule, before, at, config);
    const stored = { band: storedBand(before, rule.id), stage: storedStage(before, rule.id, recomputed.stage) };
    const previous = rule.freshAfter?.(before, event) === true ? UNREAD : lowerStanding(stored, recomputed);
    const next = standingOf(rule, after, at, config);
    bands[rule.id] = next.band;
    keepStage(stages, rule.id, next.stage);
    if (isWorse(next, previous)) readings.push(readingOf(rule, next, after, at, config, event));
  }
  const evidence = [event.eventId];

  const churn = config.rules['EW-CHURN'];
  const signal = churn.enabled ? churnSignal(after, event) : null;
  if (signal !== null) {
    readings.push({ ruleId: 'EW-CHURN', ruleVersion: churn.version, severity: 'medium', reason: signal, evidence });
  }

  // Events may close a coverage gap (a contact, a move out of core/key) but never open one: only
  // the sweep raises EW-COVER, so an event lowers its stored band and never raises it silently.
  const cover = config.rules['EW-COVER'];
  bands['EW-COVER'] = cover.enabled
    ? lowerBand(storedBand(before, 'EW-COVER'), ewCoverRule.band(after, at, config))
    : null;

  return { readings, bands, stages };
};

/**
 * The readings an event causes, given the risk state before it and after it (evolveRiskState).
 * Pure; for the state with the new bands stored, use applyRiskEvent.
 */
export const evaluateEvent = (
  before: ClientRiskState,
  after: ClientRiskState,
  event: RiskEvent,
  config: RiskRulesConfig,
): RiskReading[] => assessEvent(before, after, event, config).readings;

/**
 * The clock sweep at `now` (ISO-8601, the caller's clock). Rules whose facts move with time alone
 * are evaluated against their stored standing: arrears that crossed a DPD threshold or bucket, or
 * the classification floor they impose (EW-DPD, EW-CLASS-FLOOR), a review date passed (EW-REVIEW);
 * and EW-COVER, a core client with
 * no contact for more than coreDays, a key client for more than keyDays, once per gap (a contact
 * ends the gap). `now` is the caller's own clock, so a malformed one is a bug and throws.
 */
export const evaluateSweep = (
  state: ClientRiskState,
  now: string,
  config: RiskRulesConfig,
): Readonly<{ readings: RiskReading[]; state: ClientRiskState }> => {
  const at = parseInstant(now);
  if (at === null) throw new RangeError('evaluateSweep needs now as an ISO-8601 instant');
  const readings: RiskReading[] = [];
  const bands: Partial<Record<RiskRuleId, RiskBand>> = { ...state.bands };
  const stages: Partial<Record<RiskRuleId, number>> = { ...state.stages };
  for (const rule of CLOCK_BAND_RULES) {
    if (!config.rules[rule.id].enabled) continue;
    const next = standingOf(rule, state, at, config);
    const stored = { band: storedBand(state, rule.id), stage: storedStage(state, rule.id, next.stage) };
    bands[rule.id] = next.band;
    keepStage(stages, rule.id, next.stage);
    if (isWorse(next, stored)) readings.push(readingOf(rule, next, state, at, config, null));
  }
  const cover = config.rules['EW-COVER'];
  const nextCover = cover.enabled ? ewCoverRule.band(state, at, config) : null;
  if (nextCover !== null && isWorseBand(nextCover, storedBand(state, 'EW-COVER'))) {
    readings.push(readingOf(ewCoverRule, { band: nextCover, stage: 0 }, state, at, config, null));
  }
  bands['EW-COVER'] = nextCover;
  return { readings, state: { ...state, bands, stages } };
};
