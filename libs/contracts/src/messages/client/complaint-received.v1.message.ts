import { COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES, type ComplaintChannel, type ComplaintSeverity } from '@crm/domain';
import { CodeField, EnumField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class ComplaintReceivedV1Data {
  @IdField({ description: 'Id of the complaint; the other complaint events refer to it.' })
  complaintId!: string;

  @CodeField({ description: 'Complaint category code, e.g. fees, service, processing_delay.' })
  category!: string;

  @EnumField(COMPLAINT_SEVERITIES, {
    optional: true,
    description: 'How serious it is; absent on complaints received before severities.',
  })
  severity?: ComplaintSeverity;

  @EnumField(COMPLAINT_CHANNELS, { optional: true, description: 'How it reached the bank, when recorded.' })
  channel?: ComplaintChannel;

  @InstantField({ optional: true, description: 'When it reached the bank; the deadlines run from it.' })
  receivedAt?: string;

  @InstantField({
    optional: true,
    description: 'When it must be acknowledged by (business days on the bank calendar).',
  })
  acknowledgeBy?: string;

  @InstantField({ optional: true, description: 'When it must be resolved by.' })
  dueBy?: string;
}

export const complaintReceivedV1 = defineContract({
  eventType: 'ComplaintReceived',
  description:
    'The client complained. The text is free text and not published; the owner is internal. The deadlines are absent on complaints received before they were kept.',
  dataClass: ComplaintReceivedV1Data,
  toData: (data) => ({
    complaintId: data.complaintId,
    category: data.category,
    ...whenPresent('severity', data.severity),
    ...whenPresent('channel', data.channel),
    ...whenPresent('receivedAt', data.receivedAt),
    ...whenPresent('acknowledgeBy', data.acknowledgeBy),
    ...whenPresent('dueBy', data.dueBy),
  }),
});
