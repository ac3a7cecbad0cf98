import { Matches, ValidateIf } from 'class-validator';
import { TimeField } from '@crm/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';

export class ClientViewQueryDto {
  @ApiPropertyOptional({ description: 'Wait (up to 5 s) until the view includes this position, from a write response.' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^\d{1,19}$/, { message: 'minPosition must be a position as returned by a write' })
  minPosition?: string;

  @TimeField({ optional: true, description: 'Rebuild the view as it stood at this instant.' })
  asOf?: string;
}
