import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CodeParam } from '@crm/platform';
import { ClientListQueries, type Portfolio } from '@crm/read-models';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('managers')
export class ManagerQueriesController {
  constructor(
    private readonly lists: ClientListQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** The manager's day: their clients with last contact, follow-ups due now, open alerts and risk. */
  @Get(':id/portfolio')
  async portfolio(@Param('id', new CodeParam('id')) managerId: string, @Query() query: MinPositionQueryDto): Promise<Portfolio> {
    await this.readYourWrites.reach(query.minPosition);
    return this.lists.portfolio(managerId, new Date());
  }
}
