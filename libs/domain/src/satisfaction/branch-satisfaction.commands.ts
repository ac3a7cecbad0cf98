import type { Command } from '../common/command';
import type { SatisfactionTarget } from './satisfaction-figures';

/**
 * Records that the branch's `quarter` ended below `target` with these figures (sent by the
 * sweep that judges ended quarters); `judgedAt` is the command's time.
 */
export type NoteSatisfactionTargetMissed = Command<
  'NoteSatisfactionTargetMissed',
  {
    branchId: string;
    quarter: string;
    nps: number | null;
    csat: number | null;
    responses: number;
    target: SatisfactionTarget;
  }
>;

export type BranchSatisfactionCommand = NoteSatisfactionTargetMissed;
