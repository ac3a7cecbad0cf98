import { COMPLAINT_DEADLINES, type ComplaintDeadline } from '@crm/domain';
import { EnumField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ComplaintEscalatedV1Data {
  @IdField({ description: 'The complaint escalated.' })
  complaintId!: string;

  @EnumField(COMPLAINT_DEADLINES, { description: 'The deadline that passed: the acknowledgement or the resolution.' })
  deadline!: ComplaintDeadline;

  @InstantField({ description: 'When that deadline fell due.' })
  dueBy!: string;

  @InstantField({ description: 'When the sweep found it passed.' })
  escalatedAt!: string;
}

export const complaintEscalatedV1 = defineContract({
  eventType: 'ComplaintEscalated',
  description:
    "A complaint's deadline passed with the complaint not acknowledged, or not resolved. Raised once per deadline by the deadline sweep.",
  dataClass: ComplaintEscalatedV1Data,
  toData: (data) => ({
    complaintId: data.complaintId,
    deadline: data.deadline,
    dueBy: data.dueBy,
    escalatedAt: data.escalatedAt,
  }),
});
