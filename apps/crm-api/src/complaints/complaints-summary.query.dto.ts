import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';

export class ComplaintsSummaryQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({
    description: "A month of the bank's calendar (BANK_TIME_ZONE), YYYY-MM; default: the current one",
    example: '2026-11',
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^[12]\d{3}-(0[1-9]|1[0-2])$/, { message: 'month must be a month as YYYY-MM (01 to 12)' })
  month?: string;
}
