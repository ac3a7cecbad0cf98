import { IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class VisitCompletedV1Data {
  @IdField({ description: 'The visit that took place.' })
  visitId!: string;

  @IdField({ description: 'The contact the visit was logged as; its ContactLogged comes just before this event.' })
  contactId!: string;

  @InstantField({
    description:
      "When the contact that completed it was logged (when the visit took place is the contact's occurredAt).",
  })
  completedAt!: string;
}

export const visitCompletedV1 = defineContract({
  eventType: 'VisitCompleted',
  description:
    'A planned visit took place: the ContactLogged right before this event on the same stream, with its contactId, was that visit.',
  dataClass: VisitCompletedV1Data,
  toData: (data) => ({ visitId: data.visitId, contactId: data.contactId, completedAt: data.completedAt }),
});
