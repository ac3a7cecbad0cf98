import { Body, Controller, Delete, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { RaiseRiskFlagRequestDto } from './dto/raise-risk-flag.request.dto';
import { ReasonRequestDto } from './dto/reason.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';
import { ApiHeldForApproval } from '../credit-proposals/api-held-for-approval';
import { CreditChanges, type HeldForApproval } from '../credit-proposals/credit-changes';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('clients/:id/risk-flags')
export class ClientRiskFlagsController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly creditChanges: CreditChanges,
  ) {}

  @ApiOperation({
    summary: 'Raise a risk flag on a client (litigation, fraud suspicion …)',
    description:
      "Raises a risk flag of a type and severity, with a note; it counts in the client's risk level. Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404).",
  })
  @Access('client.credit.write')
  @Post()
  @ApiTourExample(RaiseRiskFlagRequestDto, TOUR.raiseRiskFlag)
  async raise(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: RaiseRiskFlagRequestDto,
  ): Promise<WriteResponse & { flagId: string }> {
    const flagId = newId(request, 'risk-flag');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'RaiseRiskFlag', {
      flagId,
      type: body.type,
      severity: body.severity,
      note: body.note,
    });
    return { ...result, flagId };
  }

  @ApiOperation({
    summary: 'Clear a risk flag',
    description:
      "Clears a raised risk flag, with a reason. Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404). A relationship manager's clearance is held for a risk officer's approval: 202 with `proposalId` (docs/security.md, Maker–checker).",
  })
  @Access('client.credit.write')
  @Delete(':flagId')
  @ApiHeldForApproval()
  clear(
    @Req() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('flagId', new UuidParam('flagId')) flagId: string,
    @Body() body: ReasonRequestDto,
  ): Promise<WriteResponse | HeldForApproval> {
    return this.creditChanges.submit(request, reply, clientId, {
      type: 'ClearRiskFlag',
      data: { flagId, reason: body.reason },
    });
  }
}
