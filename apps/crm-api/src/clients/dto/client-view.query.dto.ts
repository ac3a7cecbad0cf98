import { TimeField } from '@crm/api-kit';
import { MinPositionQueryDto } from '../../queries/min-position.query.dto';

export class ClientViewQueryDto extends MinPositionQueryDto {
  @TimeField({ optional: true, description: 'Rebuild the view as it stood at this instant.' })
  asOf?: string;
}
