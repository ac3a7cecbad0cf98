import { Body, Controller, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, newId, type IdempotentRequest } from '@crm/api-kit';
import { parseRiskCaseId } from '@crm/domain';
import { CommandGateway, RISK_CASE_STREAM, type WriteResponse } from '../commands/command-gateway';
import { AssignRiskCaseRequestDto } from './dto/assign-risk-case.request.dto';
import { CommentOnRiskCaseRequestDto } from './dto/comment-on-risk-case.request.dto';
import { ClientScopedIdParam } from '../queries/client-scoped-id.param';

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
    @Param('id', new ClientScopedIdParam('id')) caseId: string,
    @Body() body: AssignRiskCaseRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, RISK_CASE_STREAM, caseId, 'AssignRiskCase', { assignee: body.assignee });
  }

  @ApiOperation({
    summary: 'Comment on a risk case',
    description:
      'Adds a comment to a case, open or closed; answers its `commentId` (derived from Idempotency-Key when sent, so a retry records it once). The text is personal data: stored encrypted with the client\'s key, and it reads "[erased]" once the client is erased; no new comments about an erased client (422). Roles: relationship_manager (on their own clients\' cases), branch_head (their branch), risk_officer, admin.',
  })
  @Access('risk-case.comment')
  @Post(':id/comments')
  async comment(
    @Req() request: IdempotentRequest,
    @Param('id', new ClientScopedIdParam('id')) caseId: string,
    @Body() body: CommentOnRiskCaseRequestDto,
  ): Promise<WriteResponse & { commentId: string }> {
    const commentId = newId(request, 'risk-case-comment');
    const clientId = parseRiskCaseId(caseId)?.clientId;
    const clientErased = clientId === undefined ? false : await this.commands.personalDataErased(clientId);
    const result = await this.commands.execute(request, RISK_CASE_STREAM, caseId, 'CommentOnRiskCase', {
      commentId,
      text: body.text,
      clientErased,
    });
    return { ...result, commentId };
  }
}
