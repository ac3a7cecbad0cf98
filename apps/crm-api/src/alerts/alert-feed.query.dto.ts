import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';
import { SEVERITIES, type Severity } from '@crm/domain';
import { CodeField } from '@crm/api-kit';
import { EnumListField } from '../queries/enum-list.field';

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

  @EnumListField('severity', SEVERITIES, {
    description:
      'Only the events of alerts at one of these severities (as of the event): repeat the parameter or separate ' +
      'them with commas (default: all)',
    example: 'high,critical',
  })
  severity?: Severity[];

  @CodeField(64, { optional: true, example: 'EW-DPD', description: 'Only the events of alerts of this rule' })
  ruleId?: string;

  @CodeField(64, {
    optional: true,
    example: 'BR-SH-001',
    description: 'Only the alerts about clients of this branch (a branch head may name only their own)',
  })
  branchId?: string;
}
