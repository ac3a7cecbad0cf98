import type { RuleTallies } from './alert-tally';

export type TallyCounts = Readonly<{ raised: number; escalated: number; clients: number }>;

/** One rule under two rules files: counts under each, B minus A, and who only one of them flags. */
export type RuleComparison = Readonly<{
  ruleId: string;
  a: TallyCounts;
  b: TallyCounts;
  /** B − A: what switching from A to B would change. */
  difference: TallyCounts;
  /** Clients the rule flags under A and not under B (sorted), and the other way round. */
  onlyA: readonly string[];
  onlyB: readonly string[];
}>;

const NONE = { raised: 0, escalated: 0, clients: [] as readonly string[] };

/** Every rule that raised anything under either file, in rule-id order. */
export const compareTallies = (a: RuleTallies, b: RuleTallies): RuleComparison[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    .map((ruleId) => {
      const left = a[ruleId] ?? NONE;
      const right = b[ruleId] ?? NONE;
      const inLeft = new Set(left.clients);
      const inRight = new Set(right.clients);
      const counts = (tally: typeof left): TallyCounts => ({
        raised: tally.raised,
        escalated: tally.escalated,
        clients: tally.clients.length,
      });
      return {
        ruleId,
        a: counts(left),
        b: counts(right),
        difference: {
          raised: right.raised - left.raised,
          escalated: right.escalated - left.escalated,
          clients: right.clients.length - left.clients.length,
        },
        onlyA: left.clients.filter((client) => !inRight.has(client)),
        onlyB: right.clients.filter((client) => !inLeft.has(client)),
      };
    });
