import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { FEEDBACK_STATUSES, type FeedbackStatus } from '@crm/domain';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { EnumListField } from '../queries/enum-list.field';

export class FeedbackQueueQueryDto extends MinPositionQueryDto {
  @EnumListField('status', FEEDBACK_STATUSES, {
    description: 'One or several statuses: repeat the parameter or separate them with commas (default: all)',
    example: 'received,under_review',
  })
  status?: FeedbackStatus[];

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Feedback per page, 1–200 (default 50)' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^([1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;
}
