import type { RiskEvent } from './risk-event';
import { assessEvent, type RiskReading } from './risk-rules';
import type { RiskRulesConfig } from './risk-rules.config';
import { evolveRiskState, type ClientRiskState } from './risk-state';

/**
 * One step of the risk monitor: fold the event into the state, run the rules, and keep each
 * rule's new band in the state so the next event is compared against it.
 */
export const applyRiskEvent = (
  state: ClientRiskState,
  event: RiskEvent,
  config: RiskRulesConfig,
): Readonly<{ state: ClientRiskState; readings: RiskReading[] }> => {
  const after = evolveRiskState(state, event);
  const { readings, bands, stages } = assessEvent(state, after, event, config);
  return { state: { ...after, bands, stages }, readings };
};
