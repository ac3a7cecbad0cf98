import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CodeParam } from '@crm/platform';
import { ClientListQueries, type BranchDashboard } from '@crm/read-models';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';

@ApiTags('branches')
@ApiBearerAuth()
@Controller('branches')
export class BranchQueriesController {
  constructor(
    private readonly lists: ClientListQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** Tiers, the 80/20 share, core coverage, cross-sell, NPS and alerts, computed as of the request. */
  @Get(':id/dashboard')
  async dashboard(@Param('id', new CodeParam('id')) branchId: string, @Query() query: MinPositionQueryDto): Promise<BranchDashboard> {
    await this.readYourWrites.reach(query.minPosition);
    return this.lists.branchDashboard(branchId, new Date());
  }
}
