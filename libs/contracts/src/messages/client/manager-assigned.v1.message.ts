import { MANAGER_LEVELS, type ManagerLevel } from '@crm/domain';
import { CodeField, EnumField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class ManagerAssignedV1Data {
  @CodeField({ description: 'The manager now covering the client (staff code).' })
  managerId!: string;

  @EnumField(MANAGER_LEVELS, { description: 'Level of that manager when assigned.' })
  managerLevel!: ManagerLevel;

  @CodeField({ optional: true, description: 'The manager who covered the client before, if any.' })
  previousManagerId?: string;

  @CodeField({ optional: true, description: 'The handover that moved the client, when a handover did.' })
  handoverId?: string;
}

export const managerAssignedV1 = defineContract({
  eventType: 'ManagerAssigned',
  description: 'A relationship manager was assigned to the client. The reason is free text and not published.',
  dataClass: ManagerAssignedV1Data,
  toData: (data) => ({
    managerId: data.managerId,
    managerLevel: data.managerLevel,
    ...whenPresent('previousManagerId', data.previousManagerId),
    ...whenPresent('handoverId', data.handoverId),
  }),
});
