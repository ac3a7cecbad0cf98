import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { CLIENT_TIERS, type ClientTier } from '@crm/domain';
import { CodeField, EnumField } from '@crm/api-kit';
import { RISK_LEVELS, type RiskLevel } from '@crm/read-models';
import { MinPositionQueryDto } from '../../queries/min-position.query.dto';

export class ClientSearchQueryDto extends MinPositionQueryDto {
  @CodeField(64, { optional: true })
  managerId?: string;

  @CodeField(64, { optional: true })
  branchId?: string;

  @EnumField(CLIENT_TIERS, { optional: true })
  tier?: ClientTier;

  @EnumField(RISK_LEVELS, { optional: true })
  riskLevel?: RiskLevel;

  @EnumField(['pending'], {
    optional: true,
    description:
      "`pending`: clients with a credit change waiting for a risk officer's approval (listed in the view's pendingCreditChanges)",
  })
  creditApproval?: 'pending';

  @ApiPropertyOptional({
    description: 'Case-insensitive prefix of the legal name, or prefix of the registration number',
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Clients per page, 1–200 (default 50)' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^([1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;
}
