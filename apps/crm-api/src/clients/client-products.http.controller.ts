import { Body, Controller, Delete, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { OpenProductHoldingRequestDto } from './dto/open-product-holding.request.dto';
import { ReasonRequestDto } from './dto/reason.request.dto';
import { ReportHoldingBalanceRequestDto } from './dto/report-holding-balance.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

@ApiTags('products')
@ApiBearerAuth()
@Controller('clients/:id/products')
export class ClientProductsController {
  constructor(private readonly commands: CommandGateway) {}

  @ApiOperation({
    summary: 'Record a product the client takes up',
    description:
      'Records a product holding (code, category, amount); its id is made here. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).',
  })
  @Access('client.write')
  @Post()
  @ApiTourExample(OpenProductHoldingRequestDto, TOUR.openProductHolding)
  async open(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: OpenProductHoldingRequestDto,
  ): Promise<WriteResponse & { holdingId: string }> {
    const holdingId = newId(request, 'holding');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'OpenProductHolding', {
      holdingId,
      productCode: body.productCode,
      category: body.category,
      amount: body.amount,
    });
    return { ...result, holdingId };
  }

  @ApiOperation({
    summary: 'Close a product holding',
    description:
      'Closes a product holding of the client, with a reason. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).',
  })
  @Access('client.write')
  @Delete(':holdingId')
  close(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('holdingId', new UuidParam('holdingId')) holdingId: string,
    @Body() body: ReasonRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'CloseProductHolding', {
      holdingId,
      reason: body.reason,
    });
  }

  @ApiOperation({
    summary: "Report a product holding's balance at the end of a bank date",
    description:
      "Records the balance of a holding as of a bank date (core banking, with a service token scoped `crm:holdings.report`; the body is the fact `bank.core.HoldingBalanceReported.v1` less the ids in the path). The currency is fixed by the first report (another is 422 `PRODUCT.CURRENCY_MISMATCH`); a closed holding is 409. The same date and amount again records nothing; an older date is kept for the month-end trend but leaves the current balance alone. Deposit and wealth balances make the client's AUM. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).",
  })
  @Access('client.write')
  @Put(':holdingId/balance')
  @ApiTourExample(ReportHoldingBalanceRequestDto, TOUR.reportHoldingBalance)
  reportBalance(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('holdingId', new UuidParam('holdingId')) holdingId: string,
    @Body() body: ReportHoldingBalanceRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ReportHoldingBalance', {
      holdingId,
      balance: body.balance,
      currency: body.currency,
      asOf: body.asOf,
    });
  }
}
