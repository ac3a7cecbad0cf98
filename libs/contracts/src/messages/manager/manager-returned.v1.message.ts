import { defineContract } from '../message-contract';

/** Nothing but the fact: the time is the message's. */
export class ManagerReturnedV1Data {}

export const managerReturnedV1 = defineContract({
  eventType: 'ManagerReturned',
  description:
    'A manager (the subject) is back before the end of their absence (which also ends by itself at its `until`).',
  dataClass: ManagerReturnedV1Data,
  toData: () => ({}),
});
