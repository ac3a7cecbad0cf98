import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentScope } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import type { ClientScope } from '@crm/policy';
import { DEFAULT_RISK_CASE_LIMIT, RiskCaseQueries, type RiskCasePage } from '@crm/read-models';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ApiReadResponse } from '../openapi/api-read-response';
import { RiskCaseDetails, type RiskCaseDetail } from './risk-case-detail';
import { ClientScopedIdParam } from '../queries/client-scoped-id.param';
import { RiskCaseListQueryDto } from './risk-case-list.query.dto';

@ApiTags('risk-cases')
@ApiBearerAuth()
@Controller('risk-cases')
export class RiskCaseQueriesController {
  constructor(
    private readonly details: RiskCaseDetails,
    private readonly cases: RiskCaseQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @ApiOperation({
    summary: 'Risk cases, soonest due first',
    description:
      "The risk cases the caller may see, soonest due first (`sort=dueBy`, the only order), filtered by `status` (open, closed), `severity` (one or several), `assignee` (a user id, or `none` for unassigned cases), `branchId` and `overdue=true`; cursor-paged (`limit` 1–200, default 50; pass `nextCursor` as `cursor`). Each item: id, client, episode, status, severity, opened and due times, overdue, assignee, open alerts, branch and manager. `minPosition` reads your writes. Recorded in the read audit. Roles: relationship_manager (their own clients' cases), branch_head (their branch's), risk_officer, service, admin.",
  })
  @ApiReadResponse('RiskCasePage', 'One page of risk cases, soonest due first')
  @Access('risk-case.list')
  @Get()
  async list(@Query() query: RiskCaseListQueryDto, @CurrentScope() scope: ClientScope): Promise<RiskCasePage> {
    await this.readYourWrites.reach(query.minPosition);
    return this.cases.listCases({
      scope,
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.severity !== undefined ? { severities: query.severity } : {}),
      ...(query.assignee !== undefined ? { assignee: query.assignee } : {}),
      ...(query.branchId !== undefined ? { branchId: query.branchId } : {}),
      ...(query.overdue === 'true' ? { overdue: true } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      limit: query.limit === undefined ? DEFAULT_RISK_CASE_LIMIT : Number(query.limit),
    });
  }

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
    @Param('id', new ClientScopedIdParam('id')) caseId: string,
    @Query() query: MinPositionQueryDto,
  ): Promise<RiskCaseDetail> {
    await this.readYourWrites.reach(query.minPosition);
    const detail = await this.details.detail(caseId);
    if (detail === null) throw new ApiError(404, 'RISK_CASE.NOT_FOUND', 'No such risk case.');
    return detail;
  }
}
