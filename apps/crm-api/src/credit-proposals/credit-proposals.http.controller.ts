import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, type IdempotentRequest } from '@crm/api-kit';
import { parseClientScopedId } from '@crm/domain';
import { ApiError } from '@crm/platform';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ReasonRequestDto } from '../clients/dto/reason.request.dto';
import { ApiReadResponse } from '../openapi/api-read-response';
import { ClientScopedIdParam } from '../queries/client-scoped-id.param';

const notFound = () => new ApiError(404, 'CREDIT_PROPOSAL.NOT_FOUND', 'No such credit proposal.');

/** The client a proposal id names; the param pipe has already checked the id's shape. */
const clientOf = (proposalId: string): string => {
  const parsed = parseClientScopedId(proposalId);
  if (parsed === null) throw notFound();
  return parsed.clientId;
};

/**
 * The checker's side of maker–checker. A proposal lives on its client's stream (its id names the
 * client), so approving appends the approval and the change in one write: there is never one
 * without the other.
 */
@ApiTags('credit')
@ApiBearerAuth()
@Controller('credit-proposals')
export class CreditProposalsController {
  constructor(private readonly commands: CommandGateway) {}

  @ApiOperation({
    summary: 'A credit proposal and what became of it',
    description:
      'The change held for approval, who proposed it and when, and whether it is pending, approved or rejected (by whom, when, why). Read from the client stream, so a proposal made a moment ago is there. Roles: relationship_manager, branch_head, risk_officer, service, admin, for a client in their scope.',
  })
  @ApiReadResponse('CreditProposal', 'The proposal')
  @Access('credit-proposal.read')
  @Get(':id')
  async read(@Param('id', new ClientScopedIdParam('id', 'a proposal number')) proposalId: string) {
    const clientId = clientOf(proposalId);
    const { state, revision } = await this.commands.loadClient(clientId);
    const proposal = state.status === 'none' ? undefined : state.creditProposals.get(proposalId);
    if (proposal === undefined) throw notFound();
    const { change, proposedBy, proposedAt, status, decidedBy, decidedAt, reason } = proposal;
    return { id: proposalId, clientId, status, change, proposedBy, proposedAt, decidedBy, decidedAt, reason, revision };
  }

  @ApiOperation({
    summary: 'Approve a credit change',
    description:
      "Appends the approval and the change itself (CreditRatingChanged, CreditLimitSet, …) in one write, the change decided against the client as it is now: a change that can no longer be made is refused as it would be directly (422, 404), and the proposal stays pending. The proposer can never approve (403 CREDIT_PROPOSAL.FOUR_EYES_REQUIRED); a decided proposal is 409. Answers the client's revision and position. Roles: risk_officer, admin.",
  })
  @Access('credit-proposal.decide')
  @Post(':id/approval')
  @HttpCode(200)
  async approve(
    @Req() request: IdempotentRequest,
    @Param('id', new ClientScopedIdParam('id', 'a proposal number')) proposalId: string,
  ): Promise<WriteResponse & { proposalId: string }> {
    const written = await this.commands.execute(
      request,
      CLIENT_STREAM,
      clientOf(proposalId),
      'ApproveCreditChange',
      { proposalId },
      { ifMatch: false },
    );
    return { ...written, proposalId };
  }

  @ApiOperation({
    summary: 'Reject a credit change',
    description:
      "Records the rejection with its reason; the client stays as it was. A decided proposal is 409. Answers the client's revision and position. Roles: risk_officer, admin.",
  })
  @Access('credit-proposal.decide')
  @Post(':id/rejection')
  @HttpCode(200)
  async reject(
    @Req() request: IdempotentRequest,
    @Param('id', new ClientScopedIdParam('id', 'a proposal number')) proposalId: string,
    @Body() body: ReasonRequestDto,
  ): Promise<WriteResponse & { proposalId: string }> {
    const written = await this.commands.execute(
      request,
      CLIENT_STREAM,
      clientOf(proposalId),
      'RejectCreditChange',
      { proposalId, reason: body.reason },
      { ifMatch: false },
    );
    return { ...written, proposalId };
  }
}
