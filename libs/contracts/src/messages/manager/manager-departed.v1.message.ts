import { InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ManagerDepartedV1Data {
  @InstantField({ description: 'When the manager left; they can no longer be assigned or log contacts.' })
  departedAt!: string;
}

export const managerDepartedV1 = defineContract({
  eventType: 'ManagerDeparted',
  description: 'A manager (the subject) left the bank. The reason is free text and not published.',
  dataClass: ManagerDepartedV1Data,
  toData: (data) => ({ departedAt: data.departedAt }),
});
