import { SPECIALIST_ROLES, type SpecialistRole } from '@crm/domain';
import { CodeField, EnumField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class SpecialistJoinedTeamV1Data {
  @CodeField({ description: 'The specialist (staff code).' })
  managerId!: string;

  @EnumField(SPECIALIST_ROLES, { description: 'What they bring to the team.' })
  role!: SpecialistRole;
}

export const specialistJoinedTeamV1 = defineContract({
  eventType: 'SpecialistJoinedTeam',
  description: "A specialist joined the client's team, or changed role when on it already.",
  dataClass: SpecialistJoinedTeamV1Data,
  toData: (data) => ({ managerId: data.managerId, role: data.role }),
});
