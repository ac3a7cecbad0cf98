import { MANAGER_LEVELS, type ManagerLevel } from '@crm/domain';
import { EnumField, TextField } from '@crm/api-kit';

export class ChangeManagerLevelRequestDto {
  @EnumField(MANAGER_LEVELS)
  level!: ManagerLevel;

  @TextField(500, { example: 'annual review: promoted' })
  reason!: string;
}
