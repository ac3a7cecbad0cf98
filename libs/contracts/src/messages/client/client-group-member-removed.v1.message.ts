import { IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ClientGroupMemberRemovedV1Data {
  @IdField({ description: 'The client no longer a member of the group this parent heads.' })
  clientId!: string;
}

export const clientGroupMemberRemovedV1 = defineContract({
  eventType: 'ClientGroupMemberRemoved',
  description: "On the parent's stream: a client left the group it heads (the member's stream says ClientLeftGroup).",
  dataClass: ClientGroupMemberRemovedV1Data,
  toData: (data) => ({ clientId: data.clientId }),
});
