import type { Severity } from '../shared/scales';
import { parseInstant } from './instant';
import type { RiskEvent } from './risk-event';
import type { RiskRuleId } from './risk-rule-id';
import type { RiskRulesConfig } from './risk-rules.config';
import type { ClientRiskState } from './risk-state';
import { isWorseBand, lowerBand, type RiskBand } from './severity-rank';
import type { BandRule } from './rules/band-rule';
import { ewChurnHoldingsRule, churnSignal } from './rules/ew-churn.rule';
import { ewClassRule } from './rules/ew-class.rule';
import { ewCoreMgrRule } from './rules/ew-core-mgr.rule';
import { ewCoverRule } from './rules/ew-cover.rule';
import { ewDpdRule } from './rules/ew-dpd.rule';
import { ewFinRule } from './rules/ew-fin.rule';
import { ewFlagsRule } from './rules/ew-flags.rule';
import { ewRatingRule } from './rules/ew-rating.rule';
import { ewUtilRule } from './rules/ew-util.rule';

/** What a rule says about a client; the monitor turns it into a RaiseAlert. */
export type RiskReading = Readonly<{
  ruleId: RiskRuleId;
  ruleVersion: number;
  severity: Severity;
  /** Facts only, in English; never personal data. */
  reason: string;
  /** Ids of the events behind the reading; empty for the clock sweep. */
  evidence: string[];
}>;

/**
 * Rules evaluated on every event, in the order of docs/decisions.md §23. EW-COVER is not among them: it fires from
 * the clock sweep only (see evaluateSweep), because a gap in coverage is the absence of events.
 */
const EVENT_BAND_RULES: readonly BandRule[] = [
  ewDpdRule,
  ewClassRule,
  ewRatingRule,
  ewFlagsRule,
  ewUtilRule,
  ewFinRule,
  ewCoreMgrRule,
  ewChurnHoldingsRule,
];

const storedBand = (state: ClientRiskState, ruleId: RiskRuleId): RiskBand => state.bands[ruleId] ?? null;

export type EventAssessment = Readonly<{
  readings: RiskReading[];
  bands: ClientRiskState['bands'];
}>;

/**
 * The edge trigger. A state-like rule reads when its band after the event is worse than before
 * it; "before" is the lower of the band stored last time and the band the facts before the event
 * call for at the event's time. The stored band keeps a rule from firing again on a repeated or
 * redelivered reading; the recomputed one keeps a stale stored band from hiding a new fall (a
 * rating window that has moved on) and lets a rule just enabled, or a threshold just lowered,
 * fire on the next event. Disabled rules read nothing and forget their band.
 */
export const assessEvent = (
  before: ClientRiskState,
  after: ClientRiskState,
  event: RiskEvent,
  config: RiskRulesConfig,
): EventAssessment => {
  const at = parseInstant(event.occurredAt);
  // evolveRiskState skipped an event without a usable time; so do the rules.
  if (at === null) return { readings: [], bands: before.bands };
  const readings: RiskReading[] = [];
  const bands: Partial<Record<RiskRuleId, RiskBand>> = { ...before.bands };
  const evidence = [event.eventId];

  for (const rule of EVENT_BAND_RULES) {
    const settings = config.rules[rule.id];
    if (!settings.enabled) {
      bands[rule.id] = null;
      continue;
    }
    const previous = lowerBand(storedBand(before, rule.id), rule.band(before, at, config));
    const next = rule.band(after, at, config);
    bands[rule.id] = next;
    if (next !== null && isWorseBand(next, previous)) {
      readings.push({
        ruleId: rule.id,
        ruleVersion: settings.version,
        severity: next,
        reason: rule.reason(after, at, config, event),
        evidence,
      });
    }
  }

  const churn = config.rules['EW-CHURN'];
  const signal = churn.enabled ? churnSignal(after, event, config) : null;
  if (signal !== null) {
    readings.push({ ruleId: 'EW-CHURN', ruleVersion: churn.version, severity: 'medium', reason: signal, evidence });
  }

  // Events may close a coverage gap (a contact, a move out of core/key) but never open one: only
  // the sweep raises EW-COVER, so an event lowers its stored band and never raises it silently.
  const cover = config.rules['EW-COVER'];
  bands['EW-COVER'] = cover.enabled
    ? lowerBand(storedBand(before, 'EW-COVER'), ewCoverRule.band(after, at, config))
    : null;

  return { readings, bands };
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
 * The clock sweep at `now` (ISO-8601, the caller's clock): EW-COVER for a core client with no
 * contact for more than coreDays, a key client for more than keyDays. Edge-triggered on the
 * stored band, so a client stays alerted once per gap; a contact ends the gap. `now` is the
 * caller's own clock, so a malformed one is a bug and throws.
 */
export const evaluateSweep = (
  state: ClientRiskState,
  now: string,
  config: RiskRulesConfig,
): Readonly<{ readings: RiskReading[]; state: ClientRiskState }> => {
  const at = parseInstant(now);
  if (at === null) throw new RangeError('evaluateSweep needs now as an ISO-8601 instant');
  const cover = config.rules['EW-COVER'];
  const next = cover.enabled ? ewCoverRule.band(state, at, config) : null;
  const readings: RiskReading[] =
    next !== null && isWorseBand(next, storedBand(state, 'EW-COVER'))
      ? [
          {
            ruleId: 'EW-COVER',
            ruleVersion: cover.version,
            severity: next,
            reason: ewCoverRule.reason(state, at, config, null),
            evidence: [],
          },
        ]
      : [];
  return { readings, state: { ...state, bands: { ...state.bands, 'EW-COVER': next } } };
};
