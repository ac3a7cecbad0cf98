import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, CurrentScope } from '@crm/api-kit';
import { ClientListQueries, type BranchDashboard } from '@crm/read-models';
import type { ClientScope } from '@crm/policy';
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

  /**
   * Tiers, the 80/20 share, core coverage, cross-sell, NPS and alerts, computed as of the request.
   * A branch head's own branch only (another branch is a 404).
   */
  @ApiOperation({ summary: "A branch's dashboard: tiers, 80/20 contribution, coverage, NPS, alerts" })
  @Access('branch.dashboard')
  @Get(':id/dashboard')
  async dashboard(
    @Param('id', new CodeParam('id')) branchId: string,
    @Query() query: MinPositionQueryDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<BranchDashboard> {
    await this.readYourWrites.reach(query.minPosition);
    return this.lists.branchDashboard(branchId, new Date(), scope);
  }
}
