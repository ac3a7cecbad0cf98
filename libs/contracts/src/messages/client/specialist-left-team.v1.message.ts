import { CodeField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class SpecialistLeftTeamV1Data {
  @CodeField({ description: 'The specialist (staff code).' })
  managerId!: string;
}

export const specialistLeftTeamV1 = defineContract({
  eventType: 'SpecialistLeftTeam',
  description: "A specialist left the client's team.",
  dataClass: SpecialistLeftTeamV1Data,
  toData: (data) => ({ managerId: data.managerId }),
});
