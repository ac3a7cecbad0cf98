import { Body, Controller, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { recoveryTaskIdOf } from '@crm/event-store';
import { ApiError, APP_CONFIG, type AppConfig } from '@crm/platform';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { RecordSatisfactionRequestDto } from '../clients/dto/record-satisfaction.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

const missingManager = () =>
  new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
    { field: 'managerId', message: 'managerId is required when the caller has no managerId claim' },
  ]);

/** A client's satisfaction answers, and the recovery task a detractor opens (docs/decisions.md §61, §63). */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/:id')
export class ClientSatisfactionController {
  private readonly recoveryDays: number;

  constructor(
    private readonly commands: CommandGateway,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.recoveryDays = config.satisfactionRecoveryDays;
  }

  @ApiOperation({
    summary: 'Record a satisfaction answer (NPS or CSAT)',
    description:
      "Records an NPS (0–10) or CSAT (1–5) answer, attributed to `managerId`, the caller's managerId claim or else the client's current manager. An answer recorded by the very manager it measures is marked `selfReported` (satisfaction figures count those apart). An NPS detractor (0–6) or a CSAT of 1–2 also opens a recovery task in that manager's agenda (`TaskCreated`, due SATISFACTION_RECOVERY_DAYS days later, default 5; its id is derived from the survey's), in the same write; it raises no risk alert. Answers `{ id, revision, position }` plus `surveyId`. Roles: relationship_manager, branch_head, admin, and a service whose token has the scope crm:satisfaction.record; a relationship manager or branch head only on a client in their scope (another is a 404).",
  })
  @Access('client.write')
  @Post('satisfaction')
  @ApiTourExample(RecordSatisfactionRequestDto, TOUR.recordSatisfaction)
  async recordSatisfaction(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: RecordSatisfactionRequestDto,
  ): Promise<WriteResponse & { surveyId: string }> {
    const managerId =
      body.managerId ?? request.principal?.managerId ?? (await this.commands.currentManagerOf(clientId))?.managerId;
    if (!managerId) throw missingManager();
    const surveyId = newId(request, 'survey');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'RecordSatisfaction', {
      surveyId,
      kind: body.kind,
      score: body.score,
      comment: body.comment,
      managerId,
      ...(request.principal?.managerId === undefined ? {} : { recordedByManagerId: request.principal.managerId }),
      recovery: { taskId: recoveryTaskIdOf(surveyId), dueInDays: this.recoveryDays },
    });
    return { ...result, surveyId };
  }
}
