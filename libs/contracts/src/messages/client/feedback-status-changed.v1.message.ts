import { FEEDBACK_STATUSES, type FeedbackStatus } from '@crm/domain';
import { CodeField, EnumField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

/** Every status a change may lead to (not `received`, where feedback starts). */
const CHANGED_TO = FEEDBACK_STATUSES.filter((status) => status !== 'received');

export class FeedbackStatusChangedV1Data {
  @IdField({ description: 'The feedback moved on.' })
  feedbackId!: string;

  @CodeField({ description: 'Id of the department whose queue holds it.' })
  department!: string;

  @EnumField(CHANGED_TO, {
    description: 'Where it stands now, one step on: under_review, accepted, implemented (after accepted) or declined.',
  })
  status!: Exclude<FeedbackStatus, 'received'>;

  @InstantField({ description: 'When the department moved it on.' })
  changedAt!: string;
}

export const feedbackStatusChangedV1 = defineContract({
  eventType: 'FeedbackStatusChanged',
  description:
    "A department moved a client's feedback on in its queue. The answer (free text for the client's manager) and the department's user are not published.",
  dataClass: FeedbackStatusChangedV1Data,
  toData: (data) => ({
    feedbackId: data.feedbackId,
    department: data.department,
    status: data.status,
    changedAt: data.changedAt,
  }),
});
