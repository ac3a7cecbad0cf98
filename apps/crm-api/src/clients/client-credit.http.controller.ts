import { Body, Controller, Delete, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ChangeCreditRatingRequestDto } from './dto/change-credit-rating.request.dto';
import { ChangeLoanClassificationRequestDto } from './dto/change-loan-classification.request.dto';
import { ReportFinancialsRequestDto } from './dto/report-financials.request.dto';
import { ReportPastDueRequestDto } from './dto/report-past-due.request.dto';
import { ReportUtilisationRequestDto } from './dto/report-utilisation.request.dto';
import { SetCreditLimitRequestDto } from './dto/set-credit-limit.request.dto';

/** Credit status: financials, rating, five-category classification, facilities and arrears. */
@ApiTags('credit')
@ApiBearerAuth()
@Controller('clients/:id')
export class ClientCreditController {
  constructor(private readonly commands: CommandGateway) {}

  @ApiOperation({ summary: "Report a client's financial statements" })
  @Access('client.credit.write')
  @Post('financials')
  reportFinancials(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ReportFinancialsRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ReportFinancials', { ...body });
  }

  @ApiOperation({ summary: "Change a client's internal credit rating" })
  @Access('client.credit.write')
  @Put('credit-rating')
  changeRating(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ChangeCreditRatingRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ChangeCreditRating', {
      rating: body.rating,
      reason: body.reason,
    });
  }

  @ApiOperation({ summary: "Change a client's five-category loan classification" })
  @Access('client.credit.write')
  @Put('loan-classification')
  changeClassification(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ChangeLoanClassificationRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ChangeLoanClassification', {
      classification: body.classification,
      reason: body.reason,
    });
  }

  @ApiOperation({ summary: 'Open a credit facility or change its limit' })
  @Access('client.credit.write')
  @Put('facilities/:facilityId')
  setLimit(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('facilityId', new CodeParam('facilityId')) facilityId: string,
    @Body() body: SetCreditLimitRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'SetCreditLimit', {
      facilityId,
      limit: body.limit,
      currency: body.currency,
      ...(body.type === undefined ? {} : { type: body.type }),
      ...(body.maturityDate === undefined ? {} : { maturityDate: body.maturityDate }),
      ...(body.nextReviewDate === undefined ? {} : { nextReviewDate: body.nextReviewDate }),
    });
  }

  @ApiOperation({ summary: 'Report the drawn amount of a facility' })
  @Access('client.credit.write')
  @Post('facilities/:facilityId/utilisation')
  reportUtilisation(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('facilityId', new CodeParam('facilityId')) facilityId: string,
    @Body() body: ReportUtilisationRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ReportUtilisation', {
      facilityId,
      drawn: body.drawn,
    });
  }

  @ApiOperation({ summary: 'Report an arrear on a facility (dated by when it fell due)' })
  @Access('client.credit.write')
  @Post('facilities/:facilityId/past-due')
  reportPastDue(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('facilityId', new CodeParam('facilityId')) facilityId: string,
    @Body() body: ReportPastDueRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ReportPastDue', {
      facilityId,
      ...(body.overdueSince === undefined ? {} : { overdueSince: body.overdueSince }),
      ...(body.daysPastDue === undefined ? {} : { daysPastDue: body.daysPastDue }),
      amountOverdue: body.amountOverdue,
    });
  }

  @ApiOperation({ summary: 'Clear an arrear (the cure)' })
  @Access('client.credit.write')
  @Delete('facilities/:facilityId/past-due')
  clearPastDue(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('facilityId', new CodeParam('facilityId')) facilityId: string,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ClearPastDue', { facilityId });
  }
}
