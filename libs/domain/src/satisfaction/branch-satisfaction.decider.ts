import type { Decider } from '../common/decider';
import { invalid } from '../common/domain-error';
import { isText } from '../client/validation';
import type { BranchSatisfactionCommand } from './branch-satisfaction.commands';
import type { BranchSatisfactionEvent } from './branch-satisfaction.events';
import { isBankQuarter } from './bank-quarter';
import { isBelowTarget } from './satisfaction-figures';

/** The quarters a branch was found below target in: each is recorded once. */
export type BranchSatisfactionState = Readonly<{ missedQuarters: readonly string[] }>;

const INVALID = 'SATISFACTION.INVALID_VALUE';

const requireWhole = (value: unknown, field: string, min: number, max: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(INVALID, `${field} must be a whole number from ${min} to ${max}`, field);
  }
  return value;
};

const orNull = (value: unknown, field: string, min: number, max: number): number | null =>
  value === null ? null : requireWhole(value, field, min, max);

const decideBranchSatisfaction = (
  { data, metadata }: BranchSatisfactionCommand,
  state: BranchSatisfactionState,
): BranchSatisfactionEvent[] => {
  if (!isText(data.branchId)) throw invalid(INVALID, 'branchId must be a non-empty string', 'branchId');
  if (!isBankQuarter(data.quarter)) throw invalid(INVALID, 'quarter must be YYYY-Qn', 'quarter');
  const nps = orNull(data.nps, 'nps', -100, 100);
  const csat = orNull(data.csat, 'csat', 0, 100);
  const responses = requireWhole(data.responses, 'responses', 1, Number.MAX_SAFE_INTEGER);
  const target = {
    nps: requireWhole(data.target?.nps, 'target.nps', -100, 100),
    csat: requireWhole(data.target?.csat, 'target.csat', 0, 100),
  };
  // A miss is a fact about figures below the target, never a judgement call of the caller's.
  if (!isBelowTarget({ nps, csat }, target)) throw invalid(INVALID, 'the figures are not below the target', 'target');
  // The sweep asks on every pass until the quarter is recorded: the second and later find it here.
  if (state.missedQuarters.includes(data.quarter)) return [];
  return [
    {
      type: 'SatisfactionTargetMissed',
      data: { branchId: data.branchId, quarter: data.quarter, nps, csat, responses, target, judgedAt: metadata.now },
    },
  ];
};

export const branchSatisfactionDecider: Decider<
  BranchSatisfactionState,
  BranchSatisfactionCommand,
  BranchSatisfactionEvent
> = {
  decide: decideBranchSatisfaction,
  evolve: (state, event) => ({ missedQuarters: [...state.missedQuarters, event.data.quarter] }),
  initialState: () => ({ missedQuarters: [] }),
};
