import { ALL_CLIENTS, type ClientScope } from '@crm/policy';
import type { ReadModelStore } from '../store/read-model-store.port';
import { pipelineOf, totalsOf, winRateSince, type Pipeline, type PipelineTotals } from './pipeline';

/** Pipelines read from the `opportunities` rows the client projector keeps. */
export class PipelineQueries {
  constructor(private readonly store: ReadModelStore) {}

  /** The open opportunities a manager opened, with totals per stage and their win rate over the last year (within `scope`). */
  async pipeline(managerId: string, now: Date, scope: ClientScope = ALL_CLIENTS): Promise<Pipeline> {
    const owner = { kind: 'manager', id: managerId } as const;
    const since = winRateSince(now);
    const [open, closed] = await Promise.all([
      this.store.opportunities.openOpportunities(owner, scope),
      this.store.opportunities.closedSince(owner, since, scope),
    ]);
    return pipelineOf(managerId, open, closed, since);
  }

  /** A branch's totals per stage and win rate, over the opportunities on its clients (within `scope`). */
  async branchTotals(branchId: string, now: Date, scope: ClientScope = ALL_CLIENTS): Promise<PipelineTotals> {
    const owner = { kind: 'branch', id: branchId } as const;
    const since = winRateSince(now);
    const [open, closed] = await Promise.all([
      this.store.opportunities.openAmounts(owner, scope),
      this.store.opportunities.closedSince(owner, since, scope),
    ]);
    return totalsOf(open, closed, since);
  }
}
