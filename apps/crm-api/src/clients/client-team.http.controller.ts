import { Body, Controller, Delete, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { AddTeamSpecialistRequestDto } from './dto/add-team-specialist.request.dto';
import { AssignBackupManagerRequestDto } from './dto/assign-backup-manager.request.dto';

const ROLES =
  "Roles: branch_head (a client of their branch; another is a 404), admin. Not relationship managers: the client's team is the branch's decision, as its coverage is.";

/** What being on the team opens, said once for the four routes. */
const ACCESS =
  'A relationship manager on the team reaches the client itself, its risk cases and credit proposals without covering it: the backup reads them always and acts on them (every write their role may make) while the covering manager is marked absent (`PUT /v1/managers/{id}/absence`); a specialist reads them. Lists, searches, portfolios, agendas and pipelines stay those of the clients one covers.';

/** The client's team beside its covering manager: a backup manager (the A/B role) and specialists. */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/:id')
export class ClientTeamController {
  constructor(private readonly commands: CommandGateway) {}

  @ApiOperation({
    summary: "Assign the client's backup manager (the A/B role)",
    description: `Puts an active manager on the client's team as its backup, with a reason, replacing any backup before; the same one again records nothing. The covering manager cannot be the backup (422 CLIENT.BACKUP_IS_PRIMARY), nor an unknown or departed manager (422 MANAGER.NOT_FOUND / MANAGER.INACTIVE), all on \`managerId\`. A reassignment that makes the backup the covering manager leaves the client without a backup. ${ACCESS} ${ROLES}`,
  })
  @Access('client.assign')
  @Put('backup-manager')
  async assignBackup(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: AssignBackupManagerRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'AssignBackupManager', {
      managerId: body.managerId,
      manager: await this.commands.managerSnapshot(body.managerId),
      reason: body.reason,
    });
  }

  @ApiOperation({
    summary: "Remove the client's backup manager",
    description: `Takes the backup manager off the client's team; a client without one records nothing. ${ROLES}`,
  })
  @Access('client.assign')
  @Delete('backup-manager')
  removeBackup(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'RemoveBackupManager', {});
  }

  @ApiOperation({
    summary: "Put a specialist (product, credit, FX) on the client's team",
    description: `Adds an active manager to the client's team as a specialist with a role (product, credit, fx); the same role again records nothing, another changes it. At most 10 specialists (422 CLIENT.TEAM_FULL); the covering manager (422 CLIENT.SPECIALIST_IS_PRIMARY) or an unknown or departed manager (422 MANAGER.NOT_FOUND / MANAGER.INACTIVE) are refused on \`managerId\`. ${ACCESS} ${ROLES}`,
  })
  @Access('client.assign')
  @Post('team')
  async addSpecialist(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: AddTeamSpecialistRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'AddTeamSpecialist', {
      managerId: body.managerId,
      manager: await this.commands.managerSnapshot(body.managerId),
      role: body.role,
    });
  }

  @ApiOperation({
    summary: "Take a specialist off the client's team",
    description: `Removes the specialist; a manager who is not a specialist on the team is a 404 SPECIALIST.NOT_FOUND. ${ROLES}`,
  })
  @Access('client.assign')
  @Delete('team/:managerId')
  removeSpecialist(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('managerId', new CodeParam('managerId')) managerId: string,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'RemoveTeamSpecialist', { managerId });
  }
}
