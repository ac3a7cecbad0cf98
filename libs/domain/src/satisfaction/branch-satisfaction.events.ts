import type { Event } from '../common/event';
import type { SatisfactionTarget } from './satisfaction-figures';

/**
 * A branch's quarter ended below its satisfaction target (docs/decisions.md §63), on the branch's
 * stream `branch-satisfaction-<branchId>`, once per quarter: the figures it was judged on (answers
 * recorded by the time it was judged, self-reported ones left out), the target, and when. Figures
 * about a branch, no client's data; not published to Kafka (no integration contract).
 */
export type SatisfactionTargetMissed = Event<
  'SatisfactionTargetMissed',
  {
    branchId: string;
    quarter: string;
    nps: number | null;
    csat: number | null;
    /** NPS and CSAT answers counted. */
    responses: number;
    target: SatisfactionTarget;
    judgedAt: string;
  }
>;

export type BranchSatisfactionEvent = SatisfactionTargetMissed;
export type BranchSatisfactionEventType = BranchSatisfactionEvent['type'];

export const BRANCH_SATISFACTION_EVENT_TYPES: readonly BranchSatisfactionEventType[] = ['SatisfactionTargetMissed'];

const STREAM_PREFIX = 'branch-satisfaction-';

export const branchSatisfactionStreamId = (branchId: string): string => `${STREAM_PREFIX}${branchId}`;
