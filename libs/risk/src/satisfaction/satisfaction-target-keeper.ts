import {
  bankDateOf,
  branchSatisfactionDecider,
  branchSatisfactionStreamId,
  isBelowTarget,
  quarterOfDate,
  shiftQuarter,
  targetOf,
  type BankQuarter,
  type BranchSatisfactionCommand,
  type SatisfactionTargets,
} from '@crm/domain';
import { handleCommand, type EventStore } from '@crm/event-store';
import type { SatisfactionFigures } from '@crm/read-models';
import { RISK_MONITOR_ACTOR } from '../engine/alert-writer';

/** What the keeper reads of the satisfaction read model. */
export type SatisfactionFiguresSource = Readonly<{
  /** The log position the read models have projected up to. */
  projectedPosition: () => Promise<bigint>;
  /** Every branch's figures (answers not self-reported) for a quarter of the bank's calendar. */
  quarterByBranch: (quarter: BankQuarter) => Promise<ReadonlyMap<string, SatisfactionFigures>>;
}>;

/**
 * Judges each branch's last ended quarter against its target (docs/decisions.md §63), on the risk
 * monitor's sweep: once the quarter is over and the read models have caught up with the log, each
 * branch whose NPS or CSAT is below its target gets SatisfactionTargetMissed on its stream. The
 * stream decides: a quarter already recorded records nothing, so repeated sweeps, restarts and two
 * monitors at once alert a branch once per quarter. A quarter judged whole is not read again by
 * this process.
 */
export class SatisfactionTargetKeeper {
  private judged: BankQuarter | null = null;
  /** The log's head when the quarter was first swept: the position the figures must reach. */
  private awaited: Readonly<{ quarter: BankQuarter; position: bigint }> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly figures: SatisfactionFiguresSource,
    private readonly targets: SatisfactionTargets,
    private readonly timeZone: string,
  ) {}

  /** Judges the quarter before `now`'s; returns how many SatisfactionTargetMissed were recorded. */
  async sweep(now: string): Promise<number> {
    const quarter = shiftQuarter(quarterOfDate(bankDateOf(Date.parse(now), this.timeZone)), -1);
    if (this.judged === quarter) return 0;
    // Answers recorded up to the first sweep after the quarter must be in the figures: until then,
    // a later sweep judges. The head is read once, not every sweep: on a log that never stops
    // growing the read models are always a little behind its newest event.
    if (this.awaited?.quarter !== quarter) this.awaited = { quarter, position: await this.store.headPosition() };
    if ((await this.figures.projectedPosition()) < this.awaited.position) return 0;
    let recorded = 0;
    for (const [branchId, figures] of await this.figures.quarterByBranch(quarter)) {
      const target = targetOf(this.targets, branchId);
      if (!isBelowTarget(figures, target)) continue;
      const command: BranchSatisfactionCommand = {
        type: 'NoteSatisfactionTargetMissed',
        data: { branchId, quarter, nps: figures.nps, csat: figures.csat, responses: figures.responses, target },
        metadata: { now, actor: RISK_MONITOR_ACTOR },
      };
      const causationId = `satisfaction-sweep:${quarter}`;
      const result = await handleCommand(
        this.store,
        branchSatisfactionStreamId(branchId),
        branchSatisfactionDecider,
        command,
        { correlationId: causationId, causationId, actor: RISK_MONITOR_ACTOR },
      );
      recorded += result.events.length;
    }
    this.judged = quarter;
    return recorded;
  }
}
