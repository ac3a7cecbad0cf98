import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, CurrentScope } from '@crm/api-kit';
import { ClientListQueries, type Portfolio } from '@crm/read-models';
import type { ClientScope } from '@crm/policy';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ApiReadResponse } from '../openapi/api-read-response';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('managers')
export class ManagerQueriesController {
  constructor(
    private readonly lists: ClientListQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * The manager's day: their clients with last contact, follow-ups due now, open alerts and risk.
   * A relationship manager's own only, a branch head's managers of their branch (their clients of
   * that branch); any other id is a 404.
   */
  @ApiOperation({
    summary: "A manager's portfolio: their clients with tier, coverage, follow-ups due and risk",
    description:
      "The manager's clients (prospects they cover included) with tier, last contact, follow-ups due now, open alerts and risk level, and totals. A relationship manager sees only their own portfolio, a branch head those of their branch (only that branch's clients); any other id is a 404. Recorded in the read audit; `minPosition` reads your writes. Roles: relationship_manager, branch_head, risk_officer, service, admin.",
  })
  @ApiReadResponse('Portfolio', 'The manager’s clients and totals at the time of the request')
  @Access('manager.portfolio')
  @Get(':id/portfolio')
  async portfolio(
    @Param('id', new CodeParam('id')) managerId: string,
    @Query() query: MinPositionQueryDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<Portfolio> {
    await this.readYourWrites.reach(query.minPosition);
    return this.lists.portfolio(managerId, new Date(), scope);
  }
}
