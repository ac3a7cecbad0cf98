import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DepartmentDirectory } from '@crm/domain';
import { Access, DEPARTMENT_DIRECTORY, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ForwardFeedbackRequestDto } from './dto/forward-feedback.request.dto';
import { LogContactRequestDto } from './dto/log-contact.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

const missingManager = () =>
  new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [
    { field: 'managerId', message: 'managerId is required when the caller has no managerId claim' },
  ]);

/** Contacts, follow-ups and feedback: the manager's daily log (complaints, satisfaction: their own controllers). */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/:id')
export class ClientContactsController {
  constructor(
    private readonly commands: CommandGateway,
    @Inject(DEPARTMENT_DIRECTORY) private readonly departments: DepartmentDirectory,
  ) {}

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
      "Records feedback forwarded to a configured department (`department`: an id of `GET /v1/departments`; another is a 400 on `department`, nothing recorded), optionally about a product (`productCode`) and with a `theme` (counted per product by `GET /v1/products/{code}/feedback`). It enters the department's queue as `received`; the department's answers reach the client's manager (agenda, alert feed, `GET /v1/clients/{id}/feedback`). Answers `{ id, revision, position }` plus `feedbackId`. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).",
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
      ...(body.theme !== undefined ? { theme: body.theme } : {}),
      departments: this.departments,
    });
    return { ...result, feedbackId };
  }
}
