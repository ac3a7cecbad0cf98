import { DateField } from '@crm/api-kit';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';

export class InternalServiceLevelsQueryDto extends MinPositionQueryDto {
  @DateField({
    optional: true,
    description:
      "First day of the window on the bank's calendar (included); default: the first day of the current quarter.",
  })
  from?: string;

  @DateField({
    optional: true,
    description: 'Last day of the window (included), not before `from` and at most 366 days after it; default: today.',
  })
  to?: string;
}
