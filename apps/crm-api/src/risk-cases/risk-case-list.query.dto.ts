import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { SEVERITIES, type Severity } from '@crm/domain';
import { CodeField, EnumField } from '@crm/api-kit';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { EnumListField } from '../queries/enum-list.field';

export class RiskCaseListQueryDto extends MinPositionQueryDto {
  @EnumField(['open', 'closed'], { optional: true })
  status?: 'open' | 'closed';

  @EnumListField('severity', SEVERITIES, {
    description: 'One or several severities: repeat the parameter or separate them with commas (default: all)',
    example: 'high,critical',
  })
  severity?: Severity[];

  @ApiPropertyOptional({ description: 'A user id; `none` for the cases nobody is assigned', example: 'u-risk-7' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @MinLength(1, { message: 'assignee must not be empty' })
  @MaxLength(128)
  assignee?: string;

  @CodeField(64, { optional: true, example: 'BR-SH-001' })
  branchId?: string;

  @ApiPropertyOptional({ description: 'true: only the cases past their due time', enum: ['true', 'false'] })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  @EnumField(['dueBy'], { optional: true, description: 'The only order: soonest due first (default)' })
  sort?: 'dueBy';

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Cases per page, 1–200 (default 50)' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^([1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;
}
