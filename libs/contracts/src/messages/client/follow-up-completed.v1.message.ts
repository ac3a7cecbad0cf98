import { IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class FollowUpCompletedV1Data {
  @IdField({ description: 'The contact whose follow-up was completed.' })
  contactId!: string;

  @InstantField({ description: 'When the follow-up was completed.' })
  completedAt!: string;
}

export const followUpCompletedV1 = defineContract({
  eventType: 'FollowUpCompleted',
  description: 'The follow-up agreed at a contact was completed.',
  dataClass: FollowUpCompletedV1Data,
  toData: (data) => ({ contactId: data.contactId, completedAt: data.completedAt }),
});
