import { IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ComplaintAcknowledgedV1Data {
  @IdField({ description: 'The complaint acknowledged.' })
  complaintId!: string;

  @InstantField({
    description: 'When it was acknowledged; its acknowledgement deadline is met if not later than acknowledgeBy.',
  })
  acknowledgedAt!: string;
}

export const complaintAcknowledgedV1 = defineContract({
  eventType: 'ComplaintAcknowledged',
  description:
    'Someone took the complaint on and told the client so. The owner (a staff id) is internal and not published.',
  dataClass: ComplaintAcknowledgedV1Data,
  toData: (data) => ({ complaintId: data.complaintId, acknowledgedAt: data.acknowledgedAt }),
});
