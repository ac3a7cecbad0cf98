import { IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ClientJoinedGroupV1Data {
  @IdField({ description: "The group's id (its parent client's id). A client is in one group at a time." })
  groupId!: string;
}

export const clientJoinedGroupV1 = defineContract({
  eventType: 'ClientJoinedGroup',
  description: 'The client became a member of a corporate group.',
  dataClass: ClientJoinedGroupV1Data,
  toData: (data) => ({ groupId: data.groupId }),
});
