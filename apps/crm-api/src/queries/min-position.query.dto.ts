import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';

/** Every query accepts `minPosition`, from a write's answer, to read its own writes. */
export class MinPositionQueryDto {
  @ApiPropertyOptional({
    description: 'Wait (up to 5 s) until the answer includes this position, from a write response.',
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^\d{1,19}$/, { message: 'minPosition must be a position as returned by a write' })
  minPosition?: string;
}
