import { TimeField } from '@crm/api-kit';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';

export class AgendaQueryDto extends MinPositionQueryDto {
  @TimeField({ optional: true, description: 'Start of the window (inclusive); default: the time of the request.' })
  from?: string;

  @TimeField({
    optional: true,
    description:
      'End of the window (exclusive), after `from` and at most 92 days from it; default: `from` plus 7 days.',
  })
  to?: string;
}
