import {
  applyRiskEvent,
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
  sequence: (events: readonly RiskEvent[]): RiskReading[][] => {
    let state = initialRiskState('c-1');
    return events.map((event) => {
      const result = applyRiskEvent(state, event, config);
      state = result.state;
      return [...result.readings];
    });
  },
});

export const configWith = (ruleId: RiskRuleId, patch: Record<string, unknown>): RiskRulesConfig =>
  validateRiskRules({
    rules: { ...DEFAULT_RISK_RULES.rules, [ruleId]: { ...DEFAULT_RISK_RULES.rules[ruleId], ...patch } },
  });

export const reading = (
  ruleId: RiskRuleId,
  severity: Severity,
  reason: string,
  evidence = ['e-when'],
): RiskReading => ({
  ruleId,
  ruleVersion: 1,
  severity,
  reason,
  evidence,
});
