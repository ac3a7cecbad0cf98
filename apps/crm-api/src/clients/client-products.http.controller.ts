import { Body, Controller, Delete, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { newId, Roles, UuidParam, type IdempotentRequest } from '@crm/platform';
import { CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { OpenProductHoldingRequestDto } from './dto/open-product-holding.request.dto';
import { ReasonRequestDto } from './dto/reason.request.dto';
import { CLIENT_WRITERS } from './write-roles';

@ApiTags('products')
@ApiBearerAuth()
@Roles(...CLIENT_WRITERS)
@Controller('clients/:id/products')
export class ClientProductsController {
  constructor(private readonly commands: CommandGateway) {}

  @Post()
  async open(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: OpenProductHoldingRequestDto,
  ): Promise<WriteResponse & { holdingId: string }> {
    const holdingId = newId(request, 'holding');
    const result = await this.commands.client(request, clientId, 'OpenProductHolding', {
      holdingId,
      productCode: body.productCode,
      category: body.category,
      amount: body.amount,
    });
    return { ...result, holdingId };
  }

  @Delete(':holdingId')
  close(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('holdingId', new UuidParam('holdingId')) holdingId: string,
    @Body() body: ReasonRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.client(request, clientId, 'CloseProductHolding', { holdingId, reason: body.reason });
  }
}
