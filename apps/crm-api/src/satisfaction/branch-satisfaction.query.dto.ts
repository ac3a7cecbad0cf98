import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';

export class BranchSatisfactionQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({
    description: "A year of the bank's calendar (BANK_TIME_ZONE), YYYY: its four quarters; default the current one.",
    example: '2026',
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^[12]\d{3}$/, { message: 'year must be a year as YYYY' })
  year?: string;
}
