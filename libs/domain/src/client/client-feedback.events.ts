import type { Event } from '../common/event';
import type { FeedbackStatus } from './feedback-status';

/** The department's side of a client's feedback (client-feedback.decider.ts), on the client's stream. */

/**
 * The department moved the feedback on (`status`, one step: feedback-status.ts) and says why in
 * `answer`, a free text about the client that the client's manager passes on (personal data,
 * sealed with the client's key). `changedBy` is the department's user, `changedAt` the command's time.
 */
export type FeedbackStatusChanged = Event<
  'FeedbackStatusChanged',
  {
    feedbackId: string;
    department: string;
    status: Exclude<FeedbackStatus, 'received'>;
    answer: string;
    changedBy: string;
    changedAt: string;
  }
>;
