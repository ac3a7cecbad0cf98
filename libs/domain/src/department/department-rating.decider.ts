import type { Decider } from '../common/decider';
import { invalid } from '../common/domain-error';
import { isText } from '../client/validation';
import type { DepartmentCommand } from './department-rating.commands';
import { DEPARTMENT_RATING_RANGE, type DepartmentEvent } from './department-rating.events';

/**
 * A department's stream holds its ratings only. Nothing a rating decides depends on earlier ones
 * (a manager may rate again after each piece of service), so the state is just how many there are;
 * whether the department exists is checked against the configured directory before the command.
 */
export type DepartmentState = Readonly<{ ratings: number }>;

/** Long enough for a paragraph of feedback, short enough that a comment is no document store. */
export const DEPARTMENT_RATING_COMMENT_MAX = 2_000;

const INVALID = 'DEPARTMENT.INVALID_VALUE';

const requireScore = (value: unknown): number => {
  const [min, max] = DEPARTMENT_RATING_RANGE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(INVALID, `score must be an integer from ${min} to ${max}`, 'score');
  }
  return value;
};

const optionalComment = (value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (!isText(value) || value.length > DEPARTMENT_RATING_COMMENT_MAX) {
    throw invalid(
      INVALID,
      `comment must be a non-empty string of at most ${DEPARTMENT_RATING_COMMENT_MAX} characters`,
      'comment',
    );
  }
  return value;
};

const decideDepartment = ({ data, metadata }: DepartmentCommand): DepartmentEvent[] => {
  if (!isText(data.ratingId)) throw invalid(INVALID, 'ratingId must be a non-empty string', 'ratingId');
  if (!isText(data.departmentId)) throw invalid(INVALID, 'departmentId must be a non-empty string', 'departmentId');
  const score = requireScore(data.score);
  const comment = optionalComment(data.comment);
  return [
    {
      type: 'DepartmentServiceRated',
      data: {
        ratingId: data.ratingId,
        departmentId: data.departmentId,
        score,
        ...(comment === undefined ? {} : { comment }),
        ratedBy: metadata.actor.userId,
        ratedAt: metadata.now,
      },
    },
  ];
};

export const departmentDecider: Decider<DepartmentState, DepartmentCommand, DepartmentEvent> = {
  decide: (command) => decideDepartment(command),
  evolve: (state) => ({ ratings: state.ratings + 1 }),
  initialState: () => ({ ratings: 0 }),
};
