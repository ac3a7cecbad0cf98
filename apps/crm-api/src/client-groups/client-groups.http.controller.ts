import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentScope, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import { isInScope, type ClientScope } from '@crm/policy';
import { ClientViewQueries, clientGroupDetailOf, type ClientGroupDetail, type ClientView } from '@crm/read-models';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ApiReadResponse } from '../openapi/api-read-response';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';
import { AddGroupMemberRequestDto } from './add-group-member.request.dto';
import { FormClientGroupRequestDto } from './form-client-group.request.dto';

const groupNotFound = () => new ApiError(404, 'GROUP.NOT_FOUND', 'No such client group.');

/**
 * Corporate groups (集团客户). A group is recorded on its parent's stream and its id is the parent's
 * client id, so it is scoped like its parent. Membership is written on two streams, the member's
 * first on joining (which keeps a client in one group) and the parent's first on leaving; each
 * step is idempotent, so a request repeated after a failure between them completes it.
 */
@ApiTags('client-groups')
@ApiBearerAuth()
@Controller('client-groups')
export class ClientGroupsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly views: ClientViewQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @ApiOperation({
    summary: 'Form a corporate group headed by a client',
    description:
      "Records a corporate group on its parent client, with a name and the manager responsible for the group; the parent is its first member and the group's id is the parent's client id (answered as `id`). A client already in a group (as parent or member) is a 422; an unknown or departed manager a 404/422. Roles: relationship_manager (a parent among their clients), branch_head (their branch), admin.",
  })
  @Access('client-group.form', { param: 'parentClientId' })
  @Post()
  async form(@Req() request: IdempotentRequest, @Body() body: FormClientGroupRequestDto): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, body.parentClientId, 'FormClientGroup', {
      name: body.name,
      managerId: body.managerId,
      manager: await this.commands.managerSnapshot(body.managerId),
    });
  }

  @ApiOperation({
    summary: 'Add a client to a corporate group',
    description:
      "Makes the client a member of the group (its own stream records ClientJoinedGroup, the parent's ClientGroupMemberAdded). A client in another group, or the parent itself, is a 422 naming `clientId`, as is a client unknown or outside the caller's scope; the same member again changes nothing. Answers the parent's revision and position. Roles: relationship_manager, branch_head, admin, for a group whose parent and new member are both in their scope.",
  })
  @Access('client-group.write')
  @Post(':id/members')
  @HttpCode(200)
  async addMember(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) groupId: string,
    @Body() body: AddGroupMemberRequestDto,
    @CurrentScope() scope: ClientScope,
  ): Promise<WriteResponse> {
    await this.requireGroup(groupId);
    const member = await this.commands.clientCoverage(body.clientId);
    if (member === null || !isInScope(scope, member)) {
      throw new ApiError(422, 'CLIENT.NOT_FOUND', 'No such client.', [
        { field: 'clientId', message: 'no such client' },
      ]);
    }
    if (body.clientId !== groupId) {
      await this.commands.execute(
        request,
        CLIENT_STREAM,
        body.clientId,
        'JoinClientGroup',
        { groupId },
        { ifMatch: false },
      );
    }
    return this.commands.execute(
      request,
      CLIENT_STREAM,
      groupId,
      'AddGroupMember',
      { clientId: body.clientId },
      { ifMatch: false },
    );
  }

  @ApiOperation({
    summary: 'Remove a client from a corporate group',
    description:
      "Takes the client out of the group (the parent stops counting it, then the member records ClientLeftGroup). The parent cannot leave its own group (422); a client not in the group changes nothing. Answers the parent's revision and the position of the last write, so `minPosition` reads both. Roles: relationship_manager, branch_head, admin, for a group whose parent is in their scope.",
  })
  @Access('client-group.write')
  @Delete(':id/members/:clientId')
  async removeMember(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) groupId: string,
    @Param('clientId', new UuidParam('clientId')) clientId: string,
  ): Promise<WriteResponse> {
    await this.requireGroup(groupId);
    const written = await this.commands.execute(
      request,
      CLIENT_STREAM,
      groupId,
      'RemoveGroupMember',
      { clientId },
      { ifMatch: false },
    );
    if ((await this.commands.clientCoverage(clientId)) === null) return written;
    const left = await this.commands.execute(
      request,
      CLIENT_STREAM,
      clientId,
      'LeaveClientGroup',
      { groupId },
      { ifMatch: false },
    );
    // The member's ClientLeftGroup lands after the parent's event: answering its position lets
    // `minPosition` read both writes, not just the parent's.
    return BigInt(left.position) > BigInt(written.position) ? { ...written, position: left.position } : written;
  }

  @ApiOperation({
    summary: 'A corporate group with its members and exposure',
    description:
      "The group's name and manager, its members (the parent first) with tier, rating, classification and open alerts, and its exposure: the members' facility limits, drawn and overdue amounts summed per currency (top-level amounts when the group has one currency), the worst loan classification and the open alerts. `minPosition` reads your writes. Recorded in the read audit for every member. Roles: relationship_manager, branch_head, risk_officer, service, admin, for a group whose parent is in their scope.",
  })
  @ApiReadResponse('ClientGroupDetail', 'The group, its members and its exposure', { etag: false })
  @Access('client.read')
  @Get(':id')
  async detail(
    @Param('id', new UuidParam('id')) groupId: string,
    @Query() query: MinPositionQueryDto,
  ): Promise<ClientGroupDetail> {
    await this.readYourWrites.reach(query.minPosition);
    const parent = await this.views.getClientView(groupId);
    if (parent?.group?.role !== 'parent') throw groupNotFound();
    const members = new Map<string, ClientView>();
    for (const clientId of parent.group.members) {
      const view = await this.views.getClientView(clientId);
      if (view !== null) members.set(clientId, view);
    }
    const detail = clientGroupDetailOf(parent, members);
    if (detail === null) throw groupNotFound();
    return detail;
  }

  /** The parent heads the group: checked first, so an unknown group never leaves a member half-joined. */
  private async requireGroup(groupId: string): Promise<void> {
    if (!(await this.commands.headsGroup(groupId))) throw groupNotFound();
  }
}
