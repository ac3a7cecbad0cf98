import { CodeField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class BackupManagerRemovedV1Data {
  @CodeField({ description: 'The backup manager taken off the team (staff code).' })
  managerId!: string;
}

export const backupManagerRemovedV1 = defineContract({
  eventType: 'BackupManagerRemoved',
  description: 'The client has no backup manager any more.',
  dataClass: BackupManagerRemovedV1Data,
  toData: (data) => ({ managerId: data.managerId }),
});
