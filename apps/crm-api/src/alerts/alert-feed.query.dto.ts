import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';

/** A global position as the feed sends it in `id:`; bounded so it always fits the log's bigint. */
export const FEED_POSITION = /^\d{1,19}$/;

export class AlertFeedQueryDto {
  @ApiPropertyOptional({
    description:
      'Start after this position (an event `id:`), as Last-Event-ID does; the header wins when both are sent.',
    example: '1234',
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(FEED_POSITION, { message: 'since must be a position (decimal digits) as sent in an event id' })
  since?: string;
}
