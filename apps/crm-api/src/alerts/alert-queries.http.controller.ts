import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentScope } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import { AlertQueries, DEFAULT_ALERT_LIMIT, type AlertPage, type AlertView } from '@crm/read-models';
import type { ClientScope } from '@crm/policy';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { AlertIdParam } from './alert-id.param';
import { AlertListQueryDto } from './dto/alert-list.query.dto';
import { ApiReadResponse } from '../openapi/api-read-response';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertQueriesController {
  constructor(
    private readonly alerts: AlertQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * Newest raised first, by status (one or several), severity, client or rule; cursor-paged. Only
   * alerts of the caller's clients (their scope is a condition of the SQL).
   */
  @ApiOperation({
    summary: 'List alerts by status, severity and rule',
    description:
      "Alerts newest raised first, by status (one or several), severity, client or rule; cursor-paged (pass `nextCursor` as `cursor`). Only alerts of the caller's clients. Recorded in the read audit (the clients of the alerts returned). `minPosition` reads your writes. Roles: relationship_manager, branch_head, risk_officer, service, admin, each within their scope: a relationship manager their own clients, a branch head their branch.",
  })
  @ApiReadResponse('AlertPage', 'One page of alerts, newest raised first')
  @Access('alert.list')
  @Get()
  async list(@Query() query: AlertListQueryDto, @CurrentScope() scope: ClientScope): Promise<AlertPage> {
    await this.readYourWrites.reach(query.minPosition);
    return this.alerts.listAlerts({
      scope,
      ...(query.status !== undefined ? { statuses: query.status } : {}),
      ...(query.severity !== undefined ? { severity: query.severity } : {}),
      ...(query.clientId !== undefined ? { clientId: query.clientId } : {}),
      ...(query.ruleId !== undefined ? { ruleId: query.ruleId } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      limit: query.limit === undefined ? DEFAULT_ALERT_LIMIT : Number(query.limit),
    });
  }

  /** One alert; its `revision` (also the ETag) is what If-Match takes on the alert's commands. */
  @ApiOperation({
    summary: 'One alert with its history',
    description:
      "One alert with its acknowledgement, escalation, resolution and reopening; its `revision` is the ETag that If-Match takes on the alert's commands. Recorded in the read audit. `minPosition` reads your writes. Roles: relationship_manager, branch_head, risk_officer, service, admin, each within their scope: a relationship manager their own clients, a branch head their branch.",
  })
  @ApiReadResponse('AlertView', 'The alert', { etag: true })
  @Access('alert.read')
  @Get(':id')
  async get(
    @Param('id', new AlertIdParam('id')) alertId: string,
    @Query() query: MinPositionQueryDto,
  ): Promise<AlertView> {
    await this.readYourWrites.reach(query.minPosition);
    const alert = await this.alerts.getAlert(alertId);
    if (!alert) throw new ApiError(404, 'ALERT.NOT_FOUND', 'No such alert.');
    return alert;
  }
}
