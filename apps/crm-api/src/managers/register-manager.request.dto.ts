import { MANAGER_LEVELS, type ManagerLevel } from '@crm/domain';
import { CodeField, EnumField, TextField } from '@crm/api-kit';

export class RegisterManagerRequestDto {
  @CodeField(64, { example: 'M-1001', description: "The bank's staff id for the manager." })
  managerId!: string;

  @TextField(200, { example: 'Li Wei' })
  name!: string;

  @CodeField(64, { example: 'BR-SH-001' })
  branchId!: string;

  @EnumField(MANAGER_LEVELS)
  level!: ManagerLevel;
}
