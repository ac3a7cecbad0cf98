import { ROLES, type Role } from '@crm/domain';
import { CodeField, EnumField } from '@crm/api-kit';

export class IssueDevTokenRequestDto {
  @CodeField(128, { example: 'u-li-wei' })
  sub!: string;

  @EnumField(ROLES)
  role!: Role;

  @CodeField(64, { optional: true, example: 'BR-SH-001' })
  branchId?: string;

  @CodeField(64, { optional: true, example: 'M-1001' })
  managerId?: string;
}
