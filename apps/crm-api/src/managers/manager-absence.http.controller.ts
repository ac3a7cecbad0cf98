import { Body, Controller, Delete, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, type IdempotentRequest } from '@crm/api-kit';
import { CommandGateway, MANAGER_STREAM, type WriteResponse } from '../commands/command-gateway';
import { MarkAbsenceRequestDto } from './mark-absence.request.dto';

const ROLES = 'Roles: branch_head (a manager of their branch; another is a 404), admin.';

/** A manager's absence, during which the backup managers of their clients act for them. */
@ApiTags('managers')
@ApiBearerAuth()
@Controller('managers/:id/absence')
export class ManagerAbsenceController {
  constructor(private readonly commands: CommandGateway) {}

  @ApiOperation({
    summary: 'Mark a manager absent until a time',
    description: `Marks the manager absent from now until \`until\` (later than now, else 400 on \`until\`), with a reason (an operational record, not published; no health details). Marking again replaces the absence; the same end again records nothing. A departed manager is a 422 MANAGER.INACTIVE. While absent, the backup manager of each client they cover may act on that client (\`PUT /v1/clients/{id}/backup-manager\`); the absence ends by itself at \`until\`. ${ROLES}`,
  })
  @Access('manager.absence')
  @Put()
  mark(
    @Req() request: IdempotentRequest,
    @Param('id', new CodeParam('id')) managerId: string,
    @Body() body: MarkAbsenceRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, MANAGER_STREAM, managerId, 'MarkManagerAbsence', {
      until: body.until,
      reason: body.reason,
    });
  }

  @ApiOperation({
    summary: 'Record that a manager is back',
    description: `Ends the manager's absence now: their clients' backups can no longer act for them. A manager who is not absent (never was, or the absence ran out) records nothing. ${ROLES}`,
  })
  @Access('manager.absence')
  @Delete()
  end(@Req() request: IdempotentRequest, @Param('id', new CodeParam('id')) managerId: string): Promise<WriteResponse> {
    return this.commands.execute(request, MANAGER_STREAM, managerId, 'EndManagerAbsence', {});
  }
}
