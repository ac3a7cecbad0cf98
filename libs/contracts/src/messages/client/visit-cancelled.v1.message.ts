import { IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class VisitCancelledV1Data {
  @IdField({ description: 'The visit that was cancelled.' })
  visitId!: string;

  @InstantField({ description: 'When it was cancelled.' })
  cancelledAt!: string;
}

export const visitCancelledV1 = defineContract({
  eventType: 'VisitCancelled',
  description:
    "A planned visit was cancelled and left the manager's agenda. The reason is free text and not published.",
  dataClass: VisitCancelledV1Data,
  toData: (data) => ({ visitId: data.visitId, cancelledAt: data.cancelledAt }),
});
