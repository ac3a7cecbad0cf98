import {
  applyRiskEvent,
  evaluateSweep,
  DEFAULT_RISK_RULES,
  initialRiskState,
  validateRiskRules,
  type ClientRiskState,
  type RiskEvent,
  type RiskReading,
  type RiskRuleId,
  type RiskRulesConfig,
  type Severity,
} from '@crm/domain';

/**
 * Given/when/then for the early-warning rules: events shaped like the v1 integration messages,
 * folded through `applyRiskEvent` from a fresh state.
 */
export const T0 = '2026-03-02T10:00:00.000Z';
export const DAY_MS = 86_400_000;
export const daysAfter = (days: number, from = T0): string => new Date(Date.parse(from) + days * DAY_MS).toISOString();

export const ev = (type: string, data: Record<string, unknown>, occurredAt = T0, eventId = 'e-when'): RiskEvent => ({
  eventId,
  type,
  occurredAt,
  data,
});

export const fold = (events: readonly RiskEvent[], config: RiskRulesConfig = DEFAULT_RISK_RULES): ClientRiskState =>
  events.reduce((state, event) => applyRiskEvent(state, event, config).state, initialRiskState('c-1'));

/** The bank date of T0 in Asia/Shanghai (18:00 there), from which arrears in specs are dated. */
export const T0_DATE = '2026-03-02';

export const riskSpec = (config: RiskRulesConfig = DEFAULT_RISK_RULES) => ({
  given: (events: readonly RiskEvent[]) => ({
    when: (event: RiskEvent) => {
      const { readings } = applyRiskEvent(fold(events, config), event, config);
      return {
        then: (expected: readonly RiskReading[]): void => expect(readings).toEqual(expected),
        thenSeverity: (ruleId: RiskRuleId, severity: Severity | null): void =>
          expect(readings.filter((r) => r.ruleId === ruleId).map((r) => r.severity)).toEqual(
            severity === null ? [] : [severity],
          ),
      };
    },
  }),
  /** The readings of each sweep at `instants`, after folding `events`: arrears age with the clock alone. */
  sweeps: (events: readonly RiskEvent[], instants: readonly string[]): RiskReading[][] => {
    let state = fold(events, config);
    return instants.map((now) => {
      const result = evaluateSweep(state, now, config);
      state = result.state;
      return [...result.readings];
    });
  },
  sequence: (events: readonly RiskEvent[]): RiskReading[][] => {
    let state = initialRiskState('c-1');
    return events.map((event) => {
      const result = applyRiskEvent(state, event, config);
      state = result.state;
      return [...result.readings];
    });
  },
});

export const configWith = (
  ruleId: RiskRuleId,
  patch: Record<string, unknown>,
  base: RiskRulesConfig = DEFAULT_RISK_RULES,
): RiskRulesConfig =>
  validateRiskRules({
    rules: { ...base.rules, [ruleId]: { ...base.rules[ruleId], ...patch } },
  });

/** A reading at the rule's default version; `stage` for rules that stage their severity. */
export const reading = (
  ruleId: RiskRuleId,
  severity: Severity,
  reason: string,
  evidence = ['e-when'],
  stage?: number,
): RiskReading => ({
  ruleId,
  ruleVersion: DEFAULT_RISK_RULES.rules[ruleId].version,
  severity,
  reason,
  evidence,
  ...(stage === undefined ? {} : { stage }),
});
