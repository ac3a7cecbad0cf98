import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, type IdempotentRequest } from '@crm/api-kit';
import { ALERT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { AlertIdParam } from './alert-id.param';
import { EscalateAlertRequestDto } from './dto/escalate-alert.request.dto';
import { ReopenAlertRequestDto } from './dto/reopen-alert.request.dto';
import { ResolveAlertRequestDto } from './dto/resolve-alert.request.dto';

/**
 * Risk officers working alerts. Each route moves an existing alert, so it answers 200 (like a
 * prospect's conversion), with `{ id, revision, position }` and the alert stream's revision as ETag.
 */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertCommandsController {
  constructor(private readonly commands: CommandGateway) {}

  /** No body: who and when come from the caller and the clock. */
  @ApiOperation({
    summary: 'Acknowledge an alert',
    description:
      'Marks an open alert acknowledged by the caller; no body. Roles: branch_head, risk_officer, admin (not relationship managers: the alert is about their own client).',
  })
  @Access('alert.work')
  @Post(':id/acknowledgement')
  @HttpCode(200)
  acknowledge(
    @Req() request: IdempotentRequest,
    @Param('id', new AlertIdParam('id')) alertId: string,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, ALERT_STREAM, alertId, 'AcknowledgeAlert', {});
  }

  @ApiOperation({
    summary: 'Escalate an alert',
    description:
      'Hands an alert on (`to`) with a reason and, optionally, a higher severity. Roles: branch_head, risk_officer, admin (not relationship managers: the alert is about their own client).',
  })
  @Access('alert.work')
  @Post(':id/escalation')
  @HttpCode(200)
  escalate(
    @Req() request: IdempotentRequest,
    @Param('id', new AlertIdParam('id')) alertId: string,
    @Body() body: EscalateAlertRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, ALERT_STREAM, alertId, 'EscalateAlert', {
      to: body.to,
      reason: body.reason,
      ...(body.severity !== undefined ? { severity: body.severity } : {}),
    });
  }

  /**
   * The four-eyes rule needs the client's manager now (from the client's stream) and the caller's
   * manager id (a risk officer may carry one); the decider compares them.
   */
  @ApiOperation({
    summary: 'Resolve an alert with its outcome',
    description:
      "Resolves an alert as actioned, false positive or reclassified, with a note. Four eyes: a high or critical alert may be resolved as a false positive only by someone other than the client's covering manager (else 422). Roles: branch_head, risk_officer, admin (not relationship managers: the alert is about their own client).",
  })
  @Access('alert.work')
  @Post(':id/resolution')
  @HttpCode(200)
  async resolve(
    @Req() request: IdempotentRequest,
    @Param('id', new AlertIdParam('id')) alertId: string,
    @Body() body: ResolveAlertRequestDto,
  ): Promise<WriteResponse> {
    const clientId = await this.commands.clientOfAlert(alertId);
    const clientManager = clientId === null ? null : await this.commands.currentManagerOf(clientId);
    return this.commands.execute(request, ALERT_STREAM, alertId, 'ResolveAlert', {
      outcome: body.outcome,
      note: body.note,
      clientManagerId: clientManager?.managerId ?? null,
      resolverManagerId: request.principal?.managerId ?? null,
    });
  }

  @ApiOperation({
    summary: 'Reopen a resolved alert',
    description:
      'Reopens a resolved alert with a reason; its outcome is cleared. Roles: branch_head, risk_officer, admin (not relationship managers: the alert is about their own client).',
  })
  @Access('alert.work')
  @Post(':id/reopening')
  @HttpCode(200)
  reopen(
    @Req() request: IdempotentRequest,
    @Param('id', new AlertIdParam('id')) alertId: string,
    @Body() body: ReopenAlertRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, ALERT_STREAM, alertId, 'ReopenAlert', { reason: body.reason });
  }
}
