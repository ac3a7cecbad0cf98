import { MANAGER_LEVELS, type ManagerLevel } from '@crm/domain';
import { CodeField, EnumField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ManagerRegisteredV1Data {
  @CodeField({ description: 'Staff code of the manager; also the message subject.' })
  managerId!: string;

  @CodeField({ description: 'Branch of the manager.' })
  branchId!: string;

  @EnumField(MANAGER_LEVELS, { description: 'Level of the manager.' })
  level!: ManagerLevel;
}

export const managerRegisteredV1 = defineContract({
  eventType: 'ManagerRegistered',
  description: 'A relationship manager was registered. The name is personal and not published.',
  dataClass: ManagerRegisteredV1Data,
  toData: (data) => ({ managerId: data.managerId, branchId: data.branchId, level: data.level }),
});
