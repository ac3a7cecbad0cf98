import { SURVEY_KINDS, SURVEY_SCORE_RANGE, type SurveyKind } from '../common/scales';
import { callsForRecovery } from '../satisfaction/satisfaction-figures';
import type { RecordSatisfaction } from './client.commands';
import type { ClientEvent, SatisfactionRecorded, TaskCreated } from './client.events';
import type { ExistingClientState } from './client.state';
import { refuseIfErased } from './client-erasure.decider';
import type { ConvertedClientState } from './client-lifecycle.decider';
import { RECOVERY_DAYS_LIMITS, recoveryTaskTitle, type SatisfactionRecovery } from './satisfaction-recovery';
import { requireInteger, requireIsoTime, requireOn, requireText } from './validation';

/**
 * A survey answer, attributed to the manager it measures; one calling for a recovery (an NPS
 * detractor, a CSAT of 1–2) also opens a recovery task in that manager's agenda, in the same write.
 */
export const recordSatisfaction = (
  { data, metadata }: RecordSatisfaction,
  state: ConvertedClientState,
): ClientEvent[] => {
  const surveyId = requireText(data.surveyId, 'surveyId');
  const kind = requireOn(SURVEY_KINDS, data.kind, 'kind');
  const [min, max] = SURVEY_SCORE_RANGE[kind];
  const score = requireInteger(data.score, 'score', min, max);
  const comment = requireText(data.comment, 'comment');
  const managerId = requireText(data.managerId, 'managerId');
  const recovery = requireRecovery(data.recovery);
  refuseIfErased(state, 'a survey comment');
  // No error code exists for a repeated survey id: a redelivered survey result is absorbed.
  if (state.surveyIds.has(surveyId)) return [];
  const selfReported = data.recordedByManagerId === managerId;
  const recorded: ClientEvent = {
    type: 'SatisfactionRecorded',
    data: { surveyId, kind, score, comment, managerId, ...(selfReported ? { selfReported: true } : {}) },
  };
  // A task id already taken opens nothing: the survey id is new, so only a caller reusing ids gets here.
  if (!callsForRecovery(kind, score) || state.agenda.tasks.has(recovery.taskId)) return [recorded];
  return [recorded, recoveryTask(recovery, kind, score, managerId, metadata.now)];
};

const DAY_MS = 86_400_000;

const requireRecovery = (recovery: SatisfactionRecovery | undefined): SatisfactionRecovery => {
  const [min, max] = RECOVERY_DAYS_LIMITS;
  const answeredAt = recovery?.answeredAt;
  if (answeredAt !== undefined) requireIsoTime(answeredAt, 'recovery.answeredAt');
  return {
    taskId: requireText(recovery?.taskId, 'recovery.taskId'),
    dueInDays: requireInteger(recovery?.dueInDays, 'recovery.dueInDays', min, max),
    ...(answeredAt === undefined ? {} : { answeredAt }),
  };
};

/**
 * The recovery task for the manager the answer measures, due `dueInDays` after the answer. The
 * manager is not looked up: the answer is theirs whoever they are now, as its figures are.
 */
const recoveryTask = (
  { taskId, dueInDays, answeredAt }: SatisfactionRecovery,
  kind: SurveyKind,
  score: number,
  managerId: string,
  now: string,
): TaskCreated => ({
  type: 'TaskCreated',
  data: {
    taskId,
    assigneeId: managerId,
    title: recoveryTaskTitle(kind, score),
    due: new Date(Date.parse(answeredAt ?? now) + dueInDays * DAY_MS).toISOString(),
  },
});

export const applySatisfactionRecorded = (
  state: ExistingClientState,
  { data }: SatisfactionRecorded,
): ExistingClientState => ({ ...state, surveyIds: state.surveyIds.with(data.surveyId) });
