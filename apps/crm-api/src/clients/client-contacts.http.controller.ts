import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ForwardFeedbackRequestDto } from './dto/forward-feedback.request.dto';
import { LogContactRequestDto } from './dto/log-contact.request.dto';
import { RecordSatisfactionRequestDto } from './dto/record-satisfaction.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

const missingManager = () =>
  new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
    { field: 'managerId', message: 'managerId is required when the caller has no managerId claim' },
  ]);

/** Contacts, follow-ups, feedback and satisfaction: the manager's daily log (complaints: ClientComplaintsController). */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/:id')
export class ClientContactsController {
  constructor(private readonly commands: CommandGateway) {}

  @ApiOperation({
    summary: 'Log a contact with the client, with an optional follow-up',
    description:
      "Logs a visit, call, meeting, email or event by a manager (`managerId`, or the caller's own managerId claim), with an optional follow-up due date; naming a planned visit (`visitId`) completes it. Answers `{ id, revision, position }` plus `contactId`, which completing the follow-up takes. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).",
  })
  @Access('client.write')
  @Post('contacts')
  @ApiTourExample(LogContactRequestDto, TOUR.logContact)
  async logContact(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: LogContactRequestDto,
  ): Promise<WriteResponse & { contactId: string }> {
    const managerId = body.managerId ?? request.principal?.managerId;
    if (!managerId) throw missingManager();
    const contactId = newId(request, 'contact');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'LogContact', {
      contactId,
      managerId,
      manager: await this.commands.managerSnapshot(managerId),
      channel: body.channel,
      purpose: body.purpose,
      summary: body.summary,
      occurredAt: new Date(body.occurredAt).toISOString(),
      ...(body.followUpDue !== undefined ? { followUpDue: new Date(body.followUpDue).toISOString() } : {}),
      ...(body.visitId !== undefined ? { visitId: body.visitId } : {}),
    });
    return { ...result, contactId };
  }

  @ApiOperation({
    summary: "Mark a contact's follow-up done",
    description:
      'Closes the open follow-up of a logged contact. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).',
  })
  @Access('client.write')
  @Post('contacts/:contactId/completion')
  @HttpCode(200)
  completeFollowUp(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('contactId', new UuidParam('contactId')) contactId: string,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'CompleteFollowUp', { contactId });
  }

  @ApiOperation({
    summary: "Record the client's feedback, forwarded to a department",
    description:
      'Records feedback forwarded to the product, risk or service department. Answers `{ id, revision, position }` plus `feedbackId`. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).',
  })
  @Access('client.write')
  @Post('feedback')
  async forwardFeedback(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ForwardFeedbackRequestDto,
  ): Promise<WriteResponse & { feedbackId: string }> {
    const feedbackId = newId(request, 'feedback');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'ForwardFeedback', {
      feedbackId,
      department: body.department,
      text: body.text,
      ...(body.productCode !== undefined ? { productCode: body.productCode } : {}),
    });
    return { ...result, feedbackId };
  }

  @ApiOperation({
    summary: 'Record a satisfaction answer (NPS or CSAT)',
    description:
      "Records an NPS (0–10) or CSAT answer, attributed to `managerId`, the caller's managerId claim or else the client's current manager. An answer recorded by the very manager it measures is marked `selfReported` (satisfaction figures count those apart). Answers `{ id, revision, position }` plus `surveyId`. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).",
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
    });
    return { ...result, surveyId };
  }
}
