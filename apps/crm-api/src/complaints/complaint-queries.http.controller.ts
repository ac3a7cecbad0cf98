import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, CurrentScope } from '@crm/api-kit';
import { APP_CONFIG, type AppConfig } from '@crm/platform';
import type { ClientScope } from '@crm/policy';
import {
  bankMonthOf,
  ComplaintQueries,
  DEFAULT_COMPLAINT_LIMIT,
  type ComplaintPage,
  type ComplaintsSummary,
} from '@crm/read-models';
import { ApiReadResponse } from '../openapi/api-read-response';
import { ReadYourWrites } from '../queries/read-your-writes';
import { ComplaintListQueryDto } from './complaint-list.query.dto';
import { ComplaintsSummaryQueryDto } from './complaints-summary.query.dto';

/** Complaints across clients: the work list with its deadlines, and a branch's monthly regulatory summary. */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller()
export class ComplaintQueriesController {
  private readonly timeZone: string;

  constructor(
    private readonly complaints: ComplaintQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeZone = config.bankTimeZone;
  }

  @ApiOperation({
    summary: 'Complaints, newest received first',
    description:
      "The complaints of the clients the caller may see, newest received first, filtered by `branchId`, `status` (open, acknowledged, resolved; one or several) and `overdue` (true: not resolved and past `dueBy`, or not acknowledged and past `acknowledgeBy`, at the time of the request; false: the others); cursor-paged (`limit` 1–200, default 50; pass `nextCursor` as `cursor`). Each item: the complaint and its client, the client's branch and manager now, category, severity, channel, status, when it was received, acknowledged and resolved, its deadlines, the deadlines it was escalated for, outcome and redress, and whether it is overdue. No complaint text (read it with `GET /v1/clients/{id}/complaints`). Complaints recorded before deadlines existed have no severity, channel or deadlines. `minPosition` reads your writes. Recorded in the read audit (the clients of the complaints returned). Roles: relationship_manager (their own clients' complaints), branch_head (their branch's), risk_officer, service, admin.",
  })
  @ApiReadResponse('ComplaintPage', 'One page of complaints, newest received first')
  @Access('complaint.list')
  @Get('complaints')
  async list(@Query() query: ComplaintListQueryDto, @CurrentScope() scope: ClientScope): Promise<ComplaintPage> {
    await this.readYourWrites.reach(query.minPosition);
    return this.complaints.listComplaints(
      {
        scope,
        ...(query.branchId !== undefined ? { branchId: query.branchId } : {}),
        ...(query.status !== undefined ? { statuses: query.status } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue === 'true' } : {}),
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        limit: query.limit === undefined ? DEFAULT_COMPLAINT_LIMIT : Number(query.limit),
      },
      new Date(),
    );
  }

  @ApiOperation({
    summary: "A branch's monthly complaints summary",
    description:
      "The complaints of the branch's clients for one month of the bank's calendar (`month`, YYYY-MM in BANK_TIME_ZONE; default the current month): those received in it counted by category (most first) and by severity (`unrecorded` for complaints recorded before severities); of those resolved in it (whenever received), how many were resolved by their `dueBy` (`inTimeShare` = inTime / withDeadline, null when none had a deadline) and the hours from receipt to resolution at the 50th and 90th percentile (nearest rank: the value at rank ⌈p·n/100⌉ of the sorted times, to two decimals); of those acknowledged in it, how many by their `acknowledgeBy`. Branch and manager are the clients' now. A branch head sees their own branch only (another is a 404). No client rows, so not recorded in the read audit. `minPosition` reads your writes. Roles: branch_head, risk_officer, service, admin.",
  })
  @ApiReadResponse('ComplaintsSummary', 'The branch’s complaints figures for the month')
  @Access('branch.dashboard')
  @Get('branches/:id/complaints-summary')
  async summary(
    @Param('id', new CodeParam('id')) branchId: string,
    @Query() query: ComplaintsSummaryQueryDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<ComplaintsSummary> {
    await this.readYourWrites.reach(query.minPosition);
    const month = query.month ?? bankMonthOf(Date.now(), this.timeZone);
    return this.complaints.monthlySummary(branchId, month, this.timeZone, scope);
  }
}
