import { InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ManagerAbsenceMarkedV1Data {
  @InstantField({ description: 'When the absence was marked: it starts then.' })
  from!: string;

  @InstantField({
    description: "When it ends by itself (always later than `from`); the clients' backup managers may act until then.",
  })
  until!: string;
}

export const managerAbsenceMarkedV1 = defineContract({
  eventType: 'ManagerAbsenceMarked',
  description:
    'A manager (the subject) is absent from `from` until `until`; marking again replaces the absence. The reason is free text and not published.',
  dataClass: ManagerAbsenceMarkedV1Data,
  toData: (data) => ({ from: data.from, until: data.until }),
});
