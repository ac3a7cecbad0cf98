import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, CurrentScope } from '@crm/api-kit';
import {
  ClientListQueries,
  PipelineQueries,
  type BranchDashboard,
  type PipelineTotals,
  type UncoveredClients,
} from '@crm/read-models';
import type { ClientScope } from '@crm/policy';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ApiReadResponse } from '../openapi/api-read-response';

@ApiTags('branches')
@ApiBearerAuth()
@Controller('branches')
export class BranchQueriesController {
  constructor(
    private readonly lists: ClientListQueries,
    private readonly pipelines: PipelineQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * Tiers, the 80/20 share, core coverage, cross-sell, NPS and alerts, computed as of the request.
   * A branch head's own branch only (another branch is a 404).
   */
  @ApiOperation({
    summary: "A branch's dashboard: tiers, 80/20 contribution, coverage, NPS, alerts, balances, pipeline",
    description:
      'Aggregates of a branch computed at the time of the request: clients and prospects, conversion rate, clients by tier, the share of contribution from the top 20 % of clients, core coverage (contacted within 35 days), core clients with an associate manager, products per client, NPS, open alerts by severity, and per currency the AUM of the converted clients (deposit and wealth balances), loans outstanding (facilities drawn) and total limits, and the sales pipeline (open opportunities on the branch’s clients by stage with their expected amounts per currency, and the win rate of the last 365 days). A branch head sees their own branch only (another is a 404). No client rows, so not recorded in the read audit. `minPosition` reads your writes. Roles: branch_head, risk_officer, service, admin.',
  })
  @ApiReadResponse('BranchDashboard', 'The branch’s figures at the time of the request')
  @Access('branch.dashboard')
  @Get(':id/dashboard')
  async dashboard(
    @Param('id', new CodeParam('id')) branchId: string,
    @Query() query: MinPositionQueryDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<BranchDashboard & { pipeline: PipelineTotals }> {
    await this.readYourWrites.reach(query.minPosition);
    const now = new Date();
    const [dashboard, pipeline] = await Promise.all([
      this.lists.branchDashboard(branchId, now, scope),
      this.pipelines.branchTotals(branchId, now, scope),
    ]);
    return { ...dashboard, pipeline };
  }

  @ApiOperation({
    summary: "A branch's clients nobody covers",
    description:
      'The clients and prospects of the branch with no manager, or whose manager has departed (`reason`: no_manager | manager_departed), core clients first. What a handover (`POST /v1/managers/{id}/handover`) should move. Recorded in the read audit (it names clients). `minPosition` reads your writes. Roles: branch_head (own branch; another is a 404), risk_officer, admin.',
  })
  @ApiReadResponse('UncoveredClients', 'The branch’s uncovered clients and how many are core')
  @Access('branch.uncovered')
  @Get(':id/uncovered-clients')
  async uncovered(
    @Param('id', new CodeParam('id')) branchId: string,
    @Query() query: MinPositionQueryDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<UncoveredClients> {
    await this.readYourWrites.reach(query.minPosition);
    return this.lists.uncoveredClients(branchId, scope);
  }
}
