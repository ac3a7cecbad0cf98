/** What one rule did over a back-test: alerts raised, escalations, and the clients concerned (sorted). */
export type RuleTally = Readonly<{ raised: number; escalated: number; clients: readonly string[] }>;

/** Tallies by rule id, in rule-id order; a rule that raised nothing is absent. */
export type RuleTallies = Readonly<Record<string, RuleTally>>;

/**
 * Counts the alerts one rules file raised or escalated, per rule. Rules are whatever ids the
 * readings carry, so a rule added to the engine shows up without a change here. Alerts dated
 * before `from` are left out: they built up the state the counted ones stand on.
 */
export class AlertTally {
  private readonly rules = new Map<string, { raised: number; escalated: number; clients: Set<string> }>();

  constructor(private readonly from: Date | null) {}

  record(ruleId: string, clientId: string, outcome: 'raised' | 'escalated', at: string): void {
    if (this.from !== null && Date.parse(at) < this.from.getTime()) return;
    const entry = this.rules.get(ruleId) ?? { raised: 0, escalated: 0, clients: new Set<string>() };
    if (outcome === 'raised') entry.raised += 1;
    else entry.escalated += 1;
    entry.clients.add(clientId);
    this.rules.set(ruleId, entry);
  }

  byRule(): RuleTallies {
    return Object.fromEntries(
      [...this.rules]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([ruleId, entry]) => [
          ruleId,
          { raised: entry.raised, escalated: entry.escalated, clients: [...entry.clients].sort() },
        ]),
    );
  }
}
