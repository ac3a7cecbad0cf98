import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import { CodeField, DateField } from '@crm/api-kit';
import { SATISFACTION_GROUPINGS, type SatisfactionGrouping } from '@crm/read-models';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';

export class SatisfactionQueryDto extends MinPositionQueryDto {
  @CodeField(64, {
    optional: true,
    example: 'BR-SH-001',
    description: 'The answers of the clients the branch had when they answered (not with managerId).',
  })
  branchId?: string;

  @CodeField(64, {
    optional: true,
    example: 'M-0042',
    description: 'The answers attributed to the manager (not with branchId).',
  })
  managerId?: string;

  @DateField({ description: "First date counted (inclusive), on the bank's calendar (BANK_TIME_ZONE)." })
  from!: string;

  @DateField({
    description:
      "Last date counted (inclusive), on the bank's calendar; not before `from`, and less than 1096 days after it.",
  })
  to!: string;

  @ApiPropertyOptional({ enum: SATISFACTION_GROUPINGS, description: 'How the items are grouped (default month).' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsIn(SATISFACTION_GROUPINGS, { message: `groupBy must be one of ${SATISFACTION_GROUPINGS.join(', ')}` })
  groupBy?: SatisfactionGrouping;
}
