import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';

/** A cursor-paged list's query: `nextCursor` of the previous page, and its size. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^\d{1,15}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'Items per page, 1–200 (default 50)' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^([1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;
}
