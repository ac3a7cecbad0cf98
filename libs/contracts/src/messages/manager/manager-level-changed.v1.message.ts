import { MANAGER_LEVELS, type ManagerLevel } from '@crm/domain';
import { EnumField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ManagerLevelChangedV1Data {
  @EnumField(MANAGER_LEVELS, { description: 'Previous level.' })
  from!: ManagerLevel;

  @EnumField(MANAGER_LEVELS, { description: 'New level.' })
  to!: ManagerLevel;
}

export const managerLevelChangedV1 = defineContract({
  eventType: 'ManagerLevelChanged',
  description: 'The level of a manager (the subject) changed. The reason is free text and not published.',
  dataClass: ManagerLevelChangedV1Data,
  toData: (data) => ({ from: data.from, to: data.to }),
});
