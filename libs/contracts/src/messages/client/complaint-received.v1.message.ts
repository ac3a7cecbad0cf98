import { CodeField, IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ComplaintReceivedV1Data {
  @IdField({ description: 'Id of the complaint; ComplaintResolved refers to it.' })
  complaintId!: string;

  @CodeField({ description: 'Complaint category code, e.g. fees, service, processing_delay.' })
  category!: string;
}

export const complaintReceivedV1 = defineContract({
  eventType: 'ComplaintReceived',
  description: 'The client complained. The text is free text and not published.',
  dataClass: ComplaintReceivedV1Data,
  toData: (data) => ({ complaintId: data.complaintId, category: data.category }),
});
