import { Body, Controller, Get, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { addDays, bankDateOf, findDepartment, type DepartmentDirectory } from '@crm/domain';
import { Access, CodeParam, DEPARTMENT_DIRECTORY, newId, type IdempotentRequest } from '@crm/api-kit';
import { ApiError, APP_CONFIG, type AppConfig } from '@crm/platform';
import {
  serviceLevelWindow,
  ServiceLevelQueries,
  type InternalServiceLevels,
  type ServiceLevelTargets,
  type ServiceLevelWindow,
} from '@crm/read-models';
import { CommandGateway, DEPARTMENT_STREAM, type WriteResponse } from '../commands/command-gateway';
import { ApiReadResponse } from '../openapi/api-read-response';
import { ReadYourWrites } from '../queries/read-your-writes';
import { InternalServiceLevelsQueryDto } from './internal-service-levels.query.dto';
import { RateDepartmentRequestDto } from './rate-department.request.dto';

/** A window of more than a year would read every row of the tables for one answer. */
const MAX_WINDOW_DAYS = 366;

const invalid = (field: string, message: string) =>
  new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [{ field, message }]);

/** The first day of the quarter `date` (YYYY-MM-DD) falls in. */
const quarterStart = (date: string): string => {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
};

/**
 * Internal customers: managers rate the departments that serve them, and everyone responsible sees
 * how fast each department does its part of the work (from the events already in the log).
 */
@ApiTags('service levels')
@ApiBearerAuth()
@Controller()
export class ServiceLevelsController {
  private readonly timeZone: string;
  private readonly targets: ServiceLevelTargets;

  constructor(
    private readonly commands: CommandGateway,
    private readonly serviceLevels: ServiceLevelQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(DEPARTMENT_DIRECTORY) private readonly directory: DepartmentDirectory,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeZone = config.bankTimeZone;
    this.targets = {
      feedback_answer: config.feedbackAnswerTargetHours,
      credit_approval: config.creditApprovalTargetHours,
    };
  }

  @ApiOperation({
    summary: "Rate a department's service",
    description:
      "A manager's rating of the service an internal department gave them (an internal satisfaction survey): `score` 1 (very dissatisfied) to 5 (very satisfied) and an optional `comment` (kept in the log, not shown in any report). The department must be one of `GET /v1/departments` (else 404). Answers `{ id, revision, position }` (the department's id and its stream) plus `ratingId`. Roles: relationship_manager, branch_head, admin.",
  })
  @Access('department.rate')
  @Post('departments/:id/ratings')
  async rate(
    @Req() request: IdempotentRequest,
    @Param('id', new CodeParam('id')) departmentId: string,
    @Body() body: RateDepartmentRequestDto,
  ): Promise<WriteResponse & { ratingId: string }> {
    if (findDepartment(this.directory, departmentId) === null) {
      throw new ApiError(404, 'DEPARTMENT.NOT_FOUND', 'No such department.');
    }
    const ratingId = newId(request, 'department-rating');
    const result = await this.commands.execute(request, DEPARTMENT_STREAM, departmentId, 'RateDepartmentService', {
      ratingId,
      departmentId,
      score: body.score,
      ...(body.comment === undefined ? {} : { comment: body.comment }),
    });
    return { ...result, ratingId };
  }

  @ApiOperation({
    summary: 'Internal service levels per department',
    description:
      "For each department of the directory (then any other department the work names), the internal work it finished in the window (`from`–`to`, days of the bank's calendar in BANK_TIME_ZONE, both included; default: from the first day of the current quarter to today; at most 366 days), by measure: `feedback_answer` (feedback forwarded to it, to its first answer), `complaint_resolution` (service: a complaint received to resolved), `risk_case_handling` (risk: a case opened to closed), `credit_approval` (credit-approval: a proposal held for approval to approved or rejected). Each with how many were finished, the hours from start to finish at the 50th and 90th percentile (nearest rank, two decimals), and the share finished by their deadline: a complaint's `dueBy` and a case's `dueBy` (as it stood when closed), else start + the configured target (FEEDBACK_ANSWER_TARGET_HOURS, default 240; CREDIT_APPROVAL_TARGET_HOURS, default 48). And the managers' ratings given in the window (`POST /v1/departments/{id}/ratings`): how many, the mean score and the share of 4s and 5s. Ids and times only: no client data, so not in the read audit. `minPosition` reads your writes. Roles: branch_head, risk_officer, admin.",
  })
  @ApiReadResponse('InternalServiceLevels', 'Per department: times, deadlines met and ratings in the window')
  @Access('service-levels.read')
  @Get('internal-service-levels')
  async levels(@Query() query: InternalServiceLevelsQueryDto): Promise<InternalServiceLevels> {
    await this.readYourWrites.reach(query.minPosition);
    return this.serviceLevels.internalServiceLevels(
      this.windowOf(query, Date.now()),
      this.directory.departments,
      this.targets,
    );
  }

  /** The asked window, or a 400 naming the field that makes it empty or too long. */
  private windowOf(query: InternalServiceLevelsQueryDto, now: number): ServiceLevelWindow {
    const today = bankDateOf(now, this.timeZone);
    const to = query.to ?? today;
    const from = query.from ?? quarterStart(to);
    if (from > to) throw invalid('to', 'to must not be before from');
    if (addDays(from, MAX_WINDOW_DAYS) < to)
      throw invalid('to', `to must be at most ${MAX_WINDOW_DAYS} days after from`);
    return serviceLevelWindow(from, to, this.timeZone);
  }
}
