import { IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ClientGroupMemberAddedV1Data {
  @IdField({ description: 'The client now counted among the members of the group this parent heads.' })
  clientId!: string;
}

export const clientGroupMemberAddedV1 = defineContract({
  eventType: 'ClientGroupMemberAdded',
  description:
    "On the parent's stream: a client joined the group it heads (the member's stream says ClientJoinedGroup).",
  dataClass: ClientGroupMemberAddedV1Data,
  toData: (data) => ({ clientId: data.clientId }),
});
