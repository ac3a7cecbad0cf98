import fc from 'fast-check';
import { addDays, bankDateOf, daysBetween } from '../calendar/bank-date';
import { applyRiskEvent } from './apply-risk-event';
import type { RiskEvent } from './risk-event';
import { evaluateSweep } from './risk-rules';
import { DEFAULT_RISK_RULES } from './risk-rules.config';
import { initialRiskState, type ClientRiskState } from './risk-state';

/**
 * Property: for any sequence of past-due reports and cures and any clock, the DPD standing moves
 * only with the clock or an event. Sweeping again at the same instant changes nothing; between
 * two events later sweeps never lower it; and at every instant it is the band of the worst arrear
 * recomputed from the facts alone.
 */
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;
const ZONE = DEFAULT_RISK_RULES.timeZone;
const FACILITIES = ['F-1', 'F-2', 'F-3'] as const;

type Step =
  | { kind: 'report'; facility: string; daysAgo: number }
  | { kind: 'cure'; facility: string }
  | { kind: 'wait'; hours: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('report' as const), facility: fc.constantFrom(...FACILITIES), daysAgo: fc.nat(400) }),
  fc.record({ kind: fc.constant('cure' as const), facility: fc.constantFrom(...FACILITIES) }),
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 24 * 120 }) }),
);

const bandRank = (band: string | null | undefined): number =>
  band === null || band === undefined ? -1 : ['low', 'medium', 'high', 'critical'].indexOf(band);

/** The oracle: the band of the worst arrear, from the dates alone. */
const expectedBand = (arrears: ReadonlyMap<string, string>, at: number): string | null => {
  const today = bankDateOf(at, ZONE);
  const worst = Math.max(0, ...[...arrears.values()].map((since) => daysBetween(since, today)));
  const rule = DEFAULT_RISK_RULES.rules['EW-DPD'];
  if (worst >= rule.criticalDays) return 'critical';
  if (worst >= rule.highDays) return 'high';
  if (worst >= rule.mediumDays) return 'medium';
  return null;
};

describe('DPD ageing (property)', () => {
  test('bands move only with the clock or an event, and always match the dates', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let state: ClientRiskState = initialRiskState('c-1');
        let at = T0;
        const arrears = new Map<string, string>();
        let counter = 0;
        for (const next of steps) {
          if (next.kind === 'wait') {
            const before = bandRank(state.bands['EW-DPD']);
            at += next.hours * HOUR;
            const now = new Date(at).toISOString();
            const swept = evaluateSweep(state, now, DEFAULT_RISK_RULES);
            const again = evaluateSweep(swept.state, now, DEFAULT_RISK_RULES);
            expect(again.readings).toEqual([]);
            expect(again.state).toEqual(swept.state);
            expect(bandRank(swept.state.bands['EW-DPD'])).toBeGreaterThanOrEqual(before);
            state = swept.state;
          } else {
            counter += 1;
            const overdueSince = addDays(bankDateOf(at, ZONE), next.kind === 'report' ? -next.daysAgo : 0);
            const event: RiskEvent =
              next.kind === 'report'
                ? {
                    eventId: `e-${counter}`,
                    type: 'PaymentPastDue',
                    occurredAt: new Date(at).toISOString(),
                    data: { facilityId: next.facility, overdueSince, amountOverdue: '1.00' },
                  }
                : {
                    eventId: `e-${counter}`,
                    type: 'PastDueCleared',
                    occurredAt: new Date(at).toISOString(),
                    data: { facilityId: next.facility },
                  };
            if (next.kind === 'report') arrears.set(next.facility, overdueSince);
            else arrears.delete(next.facility);
            state = applyRiskEvent(state, event, DEFAULT_RISK_RULES).state;
          }
          expect(state.bands['EW-DPD'] ?? null).toBe(expectedBand(arrears, at));
        }
      }),
      { numRuns: 300 },
    );
  });
});
