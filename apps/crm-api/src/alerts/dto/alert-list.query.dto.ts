import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ALERT_STATUSES, SEVERITIES, type AlertStatus, type Severity } from '@crm/domain';
import { CodeField, EnumField } from '@crm/api-kit';
import { MinPositionQueryDto } from '../../queries/min-position.query.dto';
import { toList } from '../../queries/query-list.transform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toLowerCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

export class AlertListQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({
    description: 'One or several statuses: repeat the parameter or separate them with commas (default: all)',
    enum: ALERT_STATUSES,
    isArray: true,
    example: 'open,acknowledged',
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Transform(toList)
  @IsArray({ message: 'status must be one or several of: open, acknowledged, escalated, resolved' })
  @ArrayMinSize(1)
  @ArrayMaxSize(ALERT_STATUSES.length * 2)
  @IsIn([...ALERT_STATUSES], { each: true, message: `status must be one or several of: ${ALERT_STATUSES.join(', ')}` })
  status?: AlertStatus[];

  @EnumField(SEVERITIES, { optional: true })
  severity?: Severity;

  @ApiPropertyOptional({ description: 'Only the alerts of this client (uuid)' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Transform(toLowerCase)
  @IsString()
  @Matches(UUID, { message: 'clientId must be a uuid' })
  clientId?: string;

  @CodeField(64, { optional: true, example: 'EW-DPD' })
  ruleId?: string;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Alerts per page, 1–200 (default 50)' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^([1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;
}
