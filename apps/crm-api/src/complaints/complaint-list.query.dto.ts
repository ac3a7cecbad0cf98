import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CodeField } from '@crm/api-kit';
import { COMPLAINT_LIST_STATUSES, type ComplaintStatus } from '@crm/read-models';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { EnumListField } from '../queries/enum-list.field';

export class ComplaintListQueryDto extends MinPositionQueryDto {
  @CodeField(64, { optional: true, example: 'BR-SH-001' })
  branchId?: string;

  @EnumListField('status', COMPLAINT_LIST_STATUSES, {
    description: 'One or several statuses: repeat the parameter or separate them with commas (default: all)',
    example: 'open,acknowledged',
  })
  status?: ComplaintStatus[];

  @ApiPropertyOptional({
    description:
      'true: only the complaints overdue at the time of the request (not resolved and past `dueBy`, or not acknowledged and past `acknowledgeBy`); false: only those that are not',
    enum: ['true', 'false'],
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Complaints per page, 1–200 (default 50)' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^([1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;
}
