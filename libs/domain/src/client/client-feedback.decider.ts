import { invalid, notFound, ruleViolation } from '../common/domain-error';
import { findDepartment } from '../department/department';
import type { ChangeFeedbackStatus, ForwardFeedback } from './client.commands';
import type { ClientEvent, FeedbackForwarded, FeedbackStatusChanged } from './client.events';
import type { ExistingClientState } from './client.state';
import { refuseIfErased } from './client-erasure.decider';
import { FEEDBACK_STATUSES, FEEDBACK_THEMES, FEEDBACK_TRANSITIONS } from './feedback-status';
import { updateEntry, withEntry } from './state-collections';
import { optionalText, requireOn, requireText } from './validation';

/**
 * The product-feedback loop (docs/decisions.md §62): a manager forwards the client's feedback to a
 * configured department, whose queue moves it on one step at a time, each step with an answer
 * that reaches the client's manager.
 */
export type FeedbackCommand = ForwardFeedback | ChangeFeedbackStatus;
export type FeedbackEvent = FeedbackForwarded | FeedbackStatusChanged;

const forwardFeedback = ({ data }: ForwardFeedback, state: ExistingClientState): ClientEvent[] => {
  const feedbackId = requireText(data.feedbackId, 'feedbackId');
  const department = findDepartment(data.departments, data.department);
  if (department === null) {
    throw invalid('CLIENT.INVALID_VALUE', 'department must be the id of a configured department', 'department');
  }
  const productCode = optionalText(data.productCode, 'productCode');
  const theme = data.theme === undefined ? undefined : requireOn(FEEDBACK_THEMES, data.theme, 'theme');
  const text = requireText(data.text, 'text');
  refuseIfErased(state, 'forwarding feedback');
  // There is no error code for a repeated feedback id: a redelivered command is simply absorbed.
  if (state.feedback.has(feedbackId)) return [];
  return [
    {
      type: 'FeedbackForwarded',
      data: {
        feedbackId,
        department: department.id,
        ...(productCode === undefined ? {} : { productCode }),
        ...(theme === undefined ? {} : { theme }),
        text,
      },
    },
  ];
};

/**
 * One step of the feedback's life, by the department it was forwarded to: feedback of another
 * department is as unknown to it as feedback that does not exist. A repeated step is a jump like
 * any other (the API's Idempotency-Key answers a retried request).
 */
const changeFeedbackStatus = ({ data, metadata }: ChangeFeedbackStatus, state: ExistingClientState): ClientEvent[] => {
  const feedbackId = requireText(data.feedbackId, 'feedbackId');
  const department = requireText(data.department, 'department');
  const status = requireOn(FEEDBACK_STATUSES, data.status, 'status');
  const answer = requireText(data.answer, 'answer');
  const feedback = state.feedback.get(feedbackId);
  if (feedback === undefined || feedback.department !== department) {
    throw notFound('FEEDBACK.NOT_FOUND', `feedback ${feedbackId} is not in the queue of ${department}`);
  }
  const allowed = FEEDBACK_TRANSITIONS[feedback.status];
  if (status === 'received' || !allowed.includes(status)) {
    throw ruleViolation(
      'FEEDBACK.INVALID_TRANSITION',
      allowed.length === 0
        ? `feedback ${feedbackId} is ${feedback.status}: it is closed`
        : `feedback ${feedbackId} is ${feedback.status}: it may move to ${allowed.join(' or ')} only`,
      'status',
    );
  }
  refuseIfErased(state, 'a feedback answer');
  return [
    {
      type: 'FeedbackStatusChanged',
      data: { feedbackId, department, status, answer, changedBy: metadata.actor.userId, changedAt: metadata.now },
    },
  ];
};

/** The feedback commands, routed here as one group so the client decider stays one screen. */
export const decideFeedback = (command: FeedbackCommand, state: ExistingClientState): ClientEvent[] =>
  command.type === 'ForwardFeedback' ? forwardFeedback(command, state) : changeFeedbackStatus(command, state);

export const evolveFeedback = (state: ExistingClientState, event: FeedbackEvent): ExistingClientState => {
  const { feedbackId } = event.data;
  if (event.type === 'FeedbackForwarded') {
    if (state.feedback.has(feedbackId)) return state;
    return {
      ...state,
      feedback: withEntry(state.feedback, feedbackId, { department: event.data.department, status: 'received' }),
    };
  }
  const { status } = event.data;
  return { ...state, feedback: updateEntry(state.feedback, feedbackId, (feedback) => ({ ...feedback, status })) };
};
