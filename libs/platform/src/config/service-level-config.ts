import { parseInteger } from './config-parsing';

/**
 * Targets of the internal service levels (GET /v1/internal-service-levels) for work that carries no
 * deadline of its own; complaints and risk cases are judged by their own due times.
 */
export type ServiceLevelConfig = Readonly<{
  /** FEEDBACK_ANSWER_TARGET_HOURS: hours for a department to answer forwarded feedback (default 240: ten days). */
  feedbackAnswerTargetHours: number;
  /** CREDIT_APPROVAL_TARGET_HOURS: hours for credit approval to decide a proposal (default 48). */
  creditApprovalTargetHours: number;
}>;

export const loadServiceLevelConfig = (env: NodeJS.ProcessEnv = process.env): ServiceLevelConfig => ({
  feedbackAnswerTargetHours: parseInteger(
    'FEEDBACK_ANSWER_TARGET_HOURS',
    env.FEEDBACK_ANSWER_TARGET_HOURS,
    240,
    1,
    8_760,
  ),
  creditApprovalTargetHours: parseInteger(
    'CREDIT_APPROVAL_TARGET_HOURS',
    env.CREDIT_APPROVAL_TARGET_HOURS,
    48,
    1,
    8_760,
  ),
});
