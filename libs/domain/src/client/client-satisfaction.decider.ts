import { FEEDBACK_DEPARTMENTS, SURVEY_KINDS, SURVEY_SCORE_RANGE } from '../common/scales';
import type { ForwardFeedback, RecordSatisfaction } from './client.commands';
import type { ClientEvent, FeedbackForwarded, SatisfactionRecorded } from './client.events';
import type { ExistingClientState } from './client.state';
import { refuseIfErased } from './client-erasure.decider';
import type { ConvertedClientState } from './client-lifecycle.decider';
import { optionalText, requireInteger, requireOn, requireText } from './validation';

export const forwardFeedback = ({ data }: ForwardFeedback, state: ExistingClientState): ClientEvent[] => {
  const feedbackId = requireText(data.feedbackId, 'feedbackId');
  const department = requireOn(FEEDBACK_DEPARTMENTS, data.department, 'department');
  const productCode = optionalText(data.productCode, 'productCode');
  const text = requireText(data.text, 'text');
  refuseIfErased(state, 'forwarding feedback');
  // There is no error code for a repeated feedback id: a redelivered command is simply absorbed.
  if (state.feedbackIds.has(feedbackId)) return [];
  return [
    {
      type: 'FeedbackForwarded',
      data: { feedbackId, department, ...(productCode === undefined ? {} : { productCode }), text },
    },
  ];
};

export const recordSatisfaction = ({ data }: RecordSatisfaction, state: ConvertedClientState): ClientEvent[] => {
  const surveyId = requireText(data.surveyId, 'surveyId');
  const kind = requireOn(SURVEY_KINDS, data.kind, 'kind');
  const [min, max] = SURVEY_SCORE_RANGE[kind];
  const score = requireInteger(data.score, 'score', min, max);
  const comment = requireText(data.comment, 'comment');
  const managerId = requireText(data.managerId, 'managerId');
  refuseIfErased(state, 'a survey comment');
  // No error code exists for a repeated survey id: a redelivered survey result is absorbed.
  if (state.surveyIds.has(surveyId)) return [];
  const selfReported = data.recordedByManagerId === managerId;
  return [
    {
      type: 'SatisfactionRecorded',
      data: { surveyId, kind, score, comment, managerId, ...(selfReported ? { selfReported: true } : {}) },
    },
  ];
};

export const applyFeedbackForwarded = (
  state: ExistingClientState,
  { data }: FeedbackForwarded,
): ExistingClientState => ({
  ...state,
  feedbackIds: state.feedbackIds.with(data.feedbackId),
});

export const applySatisfactionRecorded = (
  state: ExistingClientState,
  { data }: SatisfactionRecorded,
): ExistingClientState => ({ ...state, surveyIds: state.surveyIds.with(data.surveyId) });
