import { CodeField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class BackupManagerAssignedV1Data {
  @CodeField({
    description: "The client's backup manager now (staff code): stands in while the covering manager is absent.",
  })
  managerId!: string;
}

export const backupManagerAssignedV1 = defineContract({
  eventType: 'BackupManagerAssigned',
  description:
    "A backup manager (the A/B role) was put on the client's team, replacing any before. The reason is free text and not published.",
  dataClass: BackupManagerAssignedV1Data,
  toData: (data) => ({ managerId: data.managerId }),
});
