import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { CancelVisitRequestDto } from './dto/cancel-visit.request.dto';
import { CreateTaskRequestDto } from './dto/create-task.request.dto';
import { PlanVisitRequestDto } from './dto/plan-visit.request.dto';
import { ManagerNamed } from './manager-named';

const ROLES =
  'Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).';

/** Visits and tasks: what managers plan to do with a client, listed on their agenda until done. */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/:id')
export class ClientAgendaController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly managers: ManagerNamed,
  ) {}

  @ApiOperation({
    summary: 'Plan a visit to the client',
    description: `Plans a visit at \`plannedAt\` (in the future) by \`managerId\` (default: the caller's managerId claim, else the client's manager), who must be an active manager (else 422 on the field). It stays on that manager's agenda until a contact names it (\`visitId\` on POST …/contacts) or it is cancelled. Answers \`{ id, revision, position }\` plus \`visitId\`. ${ROLES}`,
  })
  @Access('client.write')
  @Post('visits')
  async planVisit(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: PlanVisitRequestDto,
  ): Promise<WriteResponse & { visitId: string }> {
    const managerId = await this.managers.of(request, clientId, body.managerId, 'managerId');
    const visitId = newId(request, 'visit');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'PlanVisit', {
      visitId,
      managerId,
      manager: await this.commands.managerSnapshot(managerId),
      plannedAt: new Date(body.plannedAt).toISOString(),
      purpose: body.purpose,
    });
    return { ...result, visitId };
  }

  @ApiOperation({
    summary: 'Cancel a planned visit',
    description: `Takes a planned visit off the agenda, with a reason (an operational record: no personal data). A visit already made or cancelled is a 409. ${ROLES}`,
  })
  @Access('client.write')
  @Post('visits/:visitId/cancellation')
  @HttpCode(200)
  cancelVisit(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('visitId', new UuidParam('visitId')) visitId: string,
    @Body() body: CancelVisitRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'CancelVisit', { visitId, reason: body.reason });
  }

  @ApiOperation({
    summary: 'Create a task about the client',
    description: `Creates a task due at \`due\` (in the future) for \`assigneeId\` (default: the caller's managerId claim, else the client's manager), who must be an active manager (else 422 on the field). The title is personal data: encrypted with the client's key, hidden for risk officers, erased with the client. Answers \`{ id, revision, position }\` plus \`taskId\`. ${ROLES}`,
  })
  @Access('client.write')
  @Post('tasks')
  async createTask(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: CreateTaskRequestDto,
  ): Promise<WriteResponse & { taskId: string }> {
    const assigneeId = await this.managers.of(request, clientId, body.assigneeId, 'assigneeId');
    const taskId = newId(request, 'task');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'CreateTask', {
      taskId,
      assigneeId,
      assignee: await this.commands.managerSnapshot(assigneeId),
      title: body.title,
      due: new Date(body.due).toISOString(),
    });
    return { ...result, taskId };
  }

  @ApiOperation({
    summary: 'Mark a task done',
    description: `Completes an open task; a task already completed is a 409. ${ROLES}`,
  })
  @Access('client.write')
  @Post('tasks/:taskId/completion')
  @HttpCode(200)
  completeTask(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('taskId', new UuidParam('taskId')) taskId: string,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'CompleteTask', { taskId });
  }
}
