import { Body, Controller, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ReasonRequestDto } from './dto/reason.request.dto';
import { ChangeOpportunityStageRequestDto } from './dto/change-opportunity-stage.request.dto';
import { OpenOpportunityRequestDto } from './dto/open-opportunity.request.dto';
import { ManagerNamed } from './manager-named';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

const ROLES =
  'Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).';

/** Sales opportunities: the pipeline of the manager who opened them, from lead to won or lost. */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/:id/opportunities')
export class ClientPipelineController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly managers: ManagerNamed,
  ) {}

  @ApiOperation({
    summary: 'Open a sales opportunity with the client or prospect',
    description: `Opens an opportunity for a product category (and optional product code) with its expected amount and currency, at \`stage\` (default lead), in the pipeline of \`managerId\` (default: the caller's managerId claim, else the client's manager), who must be an active manager (else 422 on the field). Answers \`{ id, revision, position }\` plus \`opportunityId\`. ${ROLES}`,
  })
  @Access('client.write')
  @Post()
  @ApiTourExample(OpenOpportunityRequestDto, TOUR.openOpportunity)
  async open(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: OpenOpportunityRequestDto,
  ): Promise<WriteResponse & { opportunityId: string }> {
    const managerId = await this.managers.of(request, clientId, body.managerId, 'managerId');
    const opportunityId = newId(request, 'opportunity');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'OpenOpportunity', {
      opportunityId,
      managerId,
      manager: await this.commands.managerSnapshot(managerId),
      productCategory: body.productCategory,
      ...(body.productCode === undefined ? {} : { productCode: body.productCode }),
      expectedAmount: body.expectedAmount,
      currency: body.currency,
      ...(body.stage === undefined ? {} : { stage: body.stage }),
    });
    return { ...result, opportunityId };
  }

  @ApiOperation({
    summary: "Move an open opportunity's stage",
    description: `Moves an open opportunity to another stage (forward or back); the same stage records nothing. A won or lost one is a 409. ${ROLES}`,
  })
  @Access('client.write')
  @Put(':opportunityId/stage')
  stage(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('opportunityId', new UuidParam('opportunityId')) opportunityId: string,
    @Body() body: ChangeOpportunityStageRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ChangeOpportunityStage', {
      opportunityId,
      stage: body.stage,
    });
  }

  @ApiOperation({
    summary: 'Record an opportunity as won',
    description: `Closes an open opportunity as won (counted in the win rate). A closed one is a 409. ${ROLES}`,
  })
  @Access('client.write')
  @Post(':opportunityId/win')
  @HttpCode(200)
  win(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('opportunityId', new UuidParam('opportunityId')) opportunityId: string,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'WinOpportunity', { opportunityId });
  }

  @ApiOperation({
    summary: 'Record an opportunity as lost, with the reason',
    description: `Closes an open opportunity as lost, with a reason (an operational record: no personal data). A closed one is a 409. ${ROLES}`,
  })
  @Access('client.write')
  @Post(':opportunityId/loss')
  @HttpCode(200)
  lose(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('opportunityId', new UuidParam('opportunityId')) opportunityId: string,
    @Body() body: ReasonRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'LoseOpportunity', {
      opportunityId,
      reason: body.reason,
    });
  }
}
