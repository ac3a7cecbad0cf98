import type { ClientRiskState } from '../risk-state';
import type { RiskEvent } from '../risk-event';
import type { RiskRuleId } from '../risk-rule-id';
import type { RiskRulesConfig } from '../risk-rules.config';
import type { RiskBand } from '../severity-rank';

/**
 * A state-like rule: from the facts in the risk state at an instant, the band (severity) the
 * rule calls for. The edge trigger in risk-rules.ts turns a worsening band into a reading.
 * `at` is epoch milliseconds, from the event or the sweep's `now`: rules read no clock.
 */
export type BandRule = Readonly<{
  id: RiskRuleId;
  band: (state: ClientRiskState, at: number, config: RiskRulesConfig) => RiskBand;
  /**
   * Where the facts stand within the band, for rules whose facts keep worsening at one severity
   * (a DPD bucket, a non-performing category): a higher stage escalates the open alert. Rules
   * without stages leave it out (stage 0).
   */
  stage?: (state: ClientRiskState, at: number, config: RiskRulesConfig) => number;
  /**
   * True when `event` opens a new chapter for the rule, to be judged afresh as if it had never
   * read (the assignment that ends a lapse of coverage): its reading then stands on its own even
   * when the band it lands in was reached before, or the alert was worked to a decision meanwhile.
   * Decided on the state before the event, so a redelivered event is no new chapter.
   */
  freshAfter?: (before: ClientRiskState, event: RiskEvent) => boolean;
  /**
   * Why the band is what it is: a short English text of business facts (ids, days, ratings,
   * periods), never a client's name, contact details or anyone's free text. `event` is the event
   * being evaluated, if any, so a rule can name the facility or flag it concerns.
   */
  reason: (state: ClientRiskState, at: number, config: RiskRulesConfig, event: RiskEvent | null) => string;
}>;
