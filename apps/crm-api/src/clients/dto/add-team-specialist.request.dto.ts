import { SPECIALIST_ROLES, type SpecialistRole } from '@crm/domain';
import { CodeField, EnumField } from '@crm/api-kit';

export class AddTeamSpecialistRequestDto {
  @CodeField(64, { example: 'M-1003', description: 'An active manager other than the one covering the client.' })
  managerId!: string;

  @EnumField(SPECIALIST_ROLES, { description: 'A specialist already on the team with another role changes role.' })
  role!: SpecialistRole;
}
