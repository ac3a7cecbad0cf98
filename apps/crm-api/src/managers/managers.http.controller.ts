import { Body, Controller, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, CurrentScope, type IdempotentRequest } from '@crm/api-kit';
import type { ClientScope } from '@crm/policy';
import { CommandGateway, MANAGER_STREAM, type WriteResponse } from '../commands/command-gateway';
import { RegisterManagerRequestDto } from './register-manager.request.dto';
import { ChangeManagerBranchRequestDto } from './change-manager-branch.request.dto';
import { ChangeManagerLevelRequestDto } from './change-manager-level.request.dto';
import { RecordDepartureRequestDto } from './record-departure.request.dto';
import { HandoverRequestDto } from './handover.request.dto';
import { ManagerHandover, type HandoverResult } from './manager-handover';
import { ManagerDeparture, type DepartureResult } from './manager-departure';
import { ApiReadResponse } from '../openapi/api-read-response';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('managers')
export class ManagersController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly handovers: ManagerHandover,
    private readonly departures: ManagerDeparture,
  ) {}

  /** The manager registry is the administrator's (access policy `manager.admin`). */
  @ApiOperation({
    summary: 'Register a relationship manager (admin)',
    description:
      "Adds a manager to the registry with their branch and level (associate, senior, principal); the id is the caller's (`managerId`). Role: admin only.",
  })
  @Access('manager.admin')
  @Post()
  @ApiTourExample(RegisterManagerRequestDto, TOUR.registerManager)
  register(@Req() request: IdempotentRequest, @Body() body: RegisterManagerRequestDto): Promise<WriteResponse> {
    return this.commands.execute(request, MANAGER_STREAM, body.managerId, 'RegisterManager', { ...body });
  }

  @ApiOperation({
    summary: "Change a manager's level (admin)",
    description:
      'Promotes or demotes a manager (associate, senior, principal) with a reason; the same level again changes nothing. A departed manager is a 422. Clients keep the level their assignment recorded; the branch dashboard counts managers at their current level. Role: admin only.',
  })
  @Access('manager.admin')
  @Put(':id/level')
  changeLevel(
    @Req() request: IdempotentRequest,
    @Param('id', new CodeParam('id')) managerId: string,
    @Body() body: ChangeManagerLevelRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, MANAGER_STREAM, managerId, 'ChangeManagerLevel', {
      level: body.level,
      reason: body.reason,
    });
  }

  @ApiOperation({
    summary: 'Move a manager to another branch (admin)',
    description:
      'Records that a manager now works in another branch, with a reason; the same branch again changes nothing, a departed manager is a 422. The clients they cover stay in their own branch and stay covered by them (coverage across branches is allowed) until a handover gives them to a colleague. Role: admin only.',
  })
  @Access('manager.admin')
  @Put(':id/branch')
  changeBranch(
    @Req() request: IdempotentRequest,
    @Param('id', new CodeParam('id')) managerId: string,
    @Body() body: ChangeManagerBranchRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, MANAGER_STREAM, managerId, 'ChangeManagerBranch', {
      branchId: body.branchId,
      reason: body.reason,
    });
  }

  @ApiOperation({
    summary: "Record a manager's departure (admin)",
    description:
      "Records that a manager left the bank (`departedAt`, never in the future; now when left out) with a reason, then notes it on each client they covered (CoverageLapsed): the client's coverage history ends the manager's period there, its view shows the manager's `departedAt`, and the risk monitor raises EW-CORE-MGR (medium) for a core client nobody covers now. The clients stay assigned to the departed manager and are listed as uncovered (`GET /v1/branches/{id}/uncovered-clients`) until a handover moves them; no client can be assigned to them any more. The answer lists the clients noted (`coverageLapsed`) and its `position` is that of the last write. Recording the departure again changes nothing on the manager (the first date stands) and notes the clients a failure part-way left out. Role: admin only.",
  })
  @ApiReadResponse('DepartureResult', "The manager's write and the clients on which the departure was noted")
  @Access('manager.admin')
  @Post(':id/departure')
  @HttpCode(200)
  departure(
    @Req() request: IdempotentRequest,
    @Param('id', new CodeParam('id')) managerId: string,
    @Body() body: RecordDepartureRequestDto,
  ): Promise<DepartureResult> {
    return this.departures.run(request, managerId, body);
  }

  @ApiOperation({
    summary: "Hand a manager's clients over to colleagues",
    description:
      "Moves every client of the manager to `toManagerId`, or each client named in `assignments` to the manager beside it. The whole handover is checked first (targets exist and are active, not the same manager; each named client is this manager's now, at most once), so a bad line stores nothing (400/422 naming the field). Each client then gets its own ManagerAssigned naming the `handoverId`, shown in its coverage history. A handover may give a core client to an associate manager (nobody must stay uncovered); EW-CORE-MGR then flags it. The moves are separate appends: sent again after a failure part-way, it moves the clients that remain. Roles: branch_head (a manager of their branch; their branch's clients), admin.",
  })
  @ApiReadResponse('HandoverResult', 'The clients moved, and those skipped because they had moved meanwhile')
  @Access('manager.handover')
  @Post(':id/handover')
  @HttpCode(200)
  handover(
    @Req() request: IdempotentRequest,
    @Param('id', new CodeParam('id')) managerId: string,
    @Body() body: HandoverRequestDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<HandoverResult> {
    return this.handovers.run(request, managerId, body, scope);
  }
}
