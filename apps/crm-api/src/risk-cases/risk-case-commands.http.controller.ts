import { Body, Controller, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, type IdempotentRequest } from '@crm/api-kit';
import { CommandGateway, RISK_CASE_STREAM, type WriteResponse } from '../commands/command-gateway';
import { AssignRiskCaseRequestDto } from './dto/assign-risk-case.request.dto';
import { RiskCaseIdParam } from './risk-case-id.param';

/**
 * Officers working risk cases. Cases are opened, joined and closed by the case keeper from the
 * alerts; what people do to a case is on its own stream, answered like any change to an existing
 * stream (200, `{ id, revision, position }`, the case's revision as ETag).
 */
@ApiTags('risk-cases')
@ApiBearerAuth()
@Controller('risk-cases')
export class RiskCaseCommandsController {
  constructor(private readonly commands: CommandGateway) {}

  @ApiOperation({
    summary: 'Assign a risk case',
    description:
      'Sets who works an open case (a user id); the same assignee again changes nothing. A closed case answers 409. Roles: branch_head (cases of their branch), risk_officer, admin (not relationship managers: the case is about their own client).',
  })
  @Access('risk-case.assign')
  @Put(':id/assignee')
  assign(
    @Req() request: IdempotentRequest,
    @Param('id', new RiskCaseIdParam('id')) caseId: string,
    @Body() body: AssignRiskCaseRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, RISK_CASE_STREAM, caseId, 'AssignRiskCase', { assignee: body.assignee });
  }
}
