import { defineContract } from '../message-contract';

/** No fields: the subject names the client, and who asked and why stay in the store. */
export class PersonalDataErasedV1Data {}

export const personalDataErasedV1 = defineContract({
  eventType: 'PersonalDataErased',
  description:
    "The client's personal data was erased (crypto-shredding). Messages never carried it, but a consumer " +
    'that fetched names, contact details or free text from the API must delete its copies of this client now ' +
    '(business facts such as ratings and amounts may be kept). Who requested it and on what basis is not published.',
  dataClass: PersonalDataErasedV1Data,
  toData: () => ({}),
});
