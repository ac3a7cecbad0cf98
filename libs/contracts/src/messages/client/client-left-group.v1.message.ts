import { IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ClientLeftGroupV1Data {
  @IdField({ description: "The group's id (its parent client's id)." })
  groupId!: string;
}

export const clientLeftGroupV1 = defineContract({
  eventType: 'ClientLeftGroup',
  description: 'The client left its corporate group.',
  dataClass: ClientLeftGroupV1Data,
  toData: (data) => ({ groupId: data.groupId }),
});
