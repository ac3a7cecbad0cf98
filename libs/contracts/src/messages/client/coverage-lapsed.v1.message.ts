import { CodeField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class CoverageLapsedV1Data {
  @CodeField({ description: 'The manager who covered the client and left the bank (staff code).' })
  managerId!: string;

  @InstantField({ description: 'When that manager left; the client has had no manager since.' })
  departedAt!: string;
}

export const coverageLapsedV1 = defineContract({
  eventType: 'CoverageLapsed',
  description:
    "The client's manager left the bank: nobody covers the client until the next ManagerAssigned (usually a handover's).",
  dataClass: CoverageLapsedV1Data,
  toData: (data) => ({ managerId: data.managerId, departedAt: data.departedAt }),
});
