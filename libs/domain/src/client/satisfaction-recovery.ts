import type { SurveyKind } from '../common/scales';

/**
 * The recovery task an answer calling for one (an NPS detractor, a CSAT of 1–2) opens for the
 * manager it measures: `taskId` is derived from the survey id by the caller (recoveryTaskIdOf in
 * @crm/event-store), so a redelivered answer names the same task; the manager has `dueInDays` days
 * of 24 hours from the answer (SATISFACTION_RECOVERY_DAYS): from `answeredAt` when the survey tool
 * reports when the client answered, else from the command's time. So a fact applied late, or
 * applied again after a crash, gets the same due time.
 */
export type SatisfactionRecovery = Readonly<{ taskId: string; dueInDays: number; answeredAt?: string }>;

export const DEFAULT_RECOVERY_DAYS = 5;
/** Bounds a deployment's SATISFACTION_RECOVERY_DAYS is checked against at boot, and the decider too. */
export const RECOVERY_DAYS_LIMITS: readonly [number, number] = [1, 30];

const LABEL: Readonly<Record<SurveyKind, string>> = { nps: 'NPS', csat: 'CSAT' };

/** The task's title: what to recover from, without the client's comment (read it with the answer). */
export const recoveryTaskTitle = (kind: SurveyKind, score: number): string =>
  `Recovery call: the client answered ${LABEL[kind]} ${score}`;
