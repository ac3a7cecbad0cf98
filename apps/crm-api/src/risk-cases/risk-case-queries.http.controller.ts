import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ApiReadResponse } from '../openapi/api-read-response';
import { RiskCaseDetails, type RiskCaseDetail } from './risk-case-detail';
import { RiskCaseIdParam } from './risk-case-id.param';

@ApiTags('risk-cases')
@ApiBearerAuth()
@Controller('risk-cases')
export class RiskCaseQueriesController {
  constructor(
    private readonly details: RiskCaseDetails,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** One case; its `revision` (also the ETag) is what If-Match takes on the case's commands. */
  @ApiOperation({
    summary: 'One risk case with its alerts, timeline and the client’s context',
    description:
      "A risk case: every alert about one client from the first that opened it to the resolution of the last, with its severity (the worst open alert's), due time, assignee, overdue mark, its alerts (with their status and reason), its timeline newest first, and the client's context (name, registration number, branch, tier, rating, classification and the floor its arrears impose, facilities with limit, drawn and days past due, manager). The registration number is masked for roles that see clients without personal data, as in the client view. Its `revision` is the ETag that If-Match takes on the case's commands. Recorded in the read audit. `minPosition` waits until the client's context includes that write. Roles: relationship_manager, branch_head, risk_officer, service, admin, each within their scope: a relationship manager their own clients, a branch head their branch.",
  })
  @ApiReadResponse('RiskCaseDetail', 'The risk case', { etag: true })
  @Access('risk-case.read')
  @Get(':id')
  async get(
    @Param('id', new RiskCaseIdParam('id')) caseId: string,
    @Query() query: MinPositionQueryDto,
  ): Promise<RiskCaseDetail> {
    await this.readYourWrites.reach(query.minPosition);
    const detail = await this.details.detail(caseId);
    if (detail === null) throw new ApiError(404, 'RISK_CASE.NOT_FOUND', 'No such risk case.');
    return detail;
  }
}
