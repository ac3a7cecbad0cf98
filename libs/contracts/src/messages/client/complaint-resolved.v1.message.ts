import { IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ComplaintResolvedV1Data {
  @IdField({ description: 'The complaint that was resolved.' })
  complaintId!: string;
}

export const complaintResolvedV1 = defineContract({
  eventType: 'ComplaintResolved',
  description: 'A complaint was resolved. The resolution is free text and not published.',
  dataClass: ComplaintResolvedV1Data,
  toData: (data) => ({ complaintId: data.complaintId }),
});
