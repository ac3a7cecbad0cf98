import { ROLES, type Role } from '@crm/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
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

  @CodeField(64, {
    optional: true,
    description:
      'The department a product_department token answers for: required for that role, one of GET /v1/departments',
    example: 'cards',
  })
  departmentId?: string;

  @ApiPropertyOptional({
    description: 'Space-separated OAuth scopes, for a service (docs/security.md lists them).',
    example: 'crm:credit.report crm:holdings.report',
    maxLength: 512,
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_.:/-]{1,64}( [A-Za-z0-9_.:/-]{1,64})*$/, {
    message: 'scope must be scope names (letters, digits, _ . : / -) separated by single spaces',
  })
  scope?: string;
}
