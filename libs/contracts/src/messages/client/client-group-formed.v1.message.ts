import { CodeField, IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ClientGroupFormedV1Data {
  @IdField({ description: "The group's id: the parent client's id (this message's subject)." })
  groupId!: string;

  @CodeField({ description: "The manager responsible for the group's relationship (staff code)." })
  managerId!: string;
}

export const clientGroupFormedV1 = defineContract({
  eventType: 'ClientGroupFormed',
  description:
    'The client heads a new corporate group (集团客户); the parent is the first member. The group name is free text and not published.',
  dataClass: ClientGroupFormedV1Data,
  toData: (data) => ({ groupId: data.groupId, managerId: data.managerId }),
});
