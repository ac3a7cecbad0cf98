import { Body, Controller, Delete, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ChangeCreditRatingRequestDto } from './dto/change-credit-rating.request.dto';
import { ChangeLoanClassificationRequestDto } from './dto/change-loan-classification.request.dto';
import { ReportFinancialsRequestDto } from './dto/report-financials.request.dto';
import { ReportPastDueRequestDto } from './dto/report-past-due.request.dto';
import { ReportUtilisationRequestDto } from './dto/report-utilisation.request.dto';
import { SetCreditLimitRequestDto } from './dto/set-credit-limit.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';
import { ApiHeldForApproval } from '../credit-proposals/api-held-for-approval';
import { CreditChanges, type HeldForApproval } from '../credit-proposals/credit-changes';

/** Credit status: financials, rating, five-category classification, facilities and arrears. */
@ApiTags('credit')
@ApiBearerAuth()
@Controller('clients/:id')
export class ClientCreditController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly creditChanges: CreditChanges,
  ) {}

  @ApiOperation({
    summary: "Report a client's financial statements",
    description:
      "Reports the statements of a period (year, half, quarter or month); the view shows the latest period's. Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404).",
  })
  @Access('client.credit.write')
  @Post('financials')
  reportFinancials(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ReportFinancialsRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ReportFinancials', { ...body });
  }

  @ApiOperation({
    summary: "Change a client's internal credit rating",
    description:
      "Sets the internal rating (AAA … D) with a reason; a downgrade of two notches or more is read by the risk monitor (EW rules). Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404). A relationship manager's change is held for a risk officer's approval: 202 with `proposalId` (docs/security.md, Maker–checker).",
  })
  @Access('client.credit.write')
  @Put('credit-rating')
  @ApiHeldForApproval()
  @ApiTourExample(ChangeCreditRatingRequestDto, TOUR.changeCreditRating)
  changeRating(
    @Req() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ChangeCreditRatingRequestDto,
  ): Promise<WriteResponse | HeldForApproval> {
    return this.creditChanges.submit(request, reply, clientId, {
      type: 'ChangeCreditRating',
      data: { rating: body.rating, reason: body.reason },
    });
  }

  @ApiOperation({
    summary: "Change a client's five-category loan classification",
    description:
      "Sets the classification (normal, special mention, substandard, doubtful, loss) with a reason; the view sets it beside the floor the arrears impose. Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404). A relationship manager's change is held for a risk officer's approval: 202 with `proposalId` (docs/security.md, Maker–checker).",
  })
  @Access('client.credit.write')
  @Put('loan-classification')
  @ApiHeldForApproval()
  changeClassification(
    @Req() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ChangeLoanClassificationRequestDto,
  ): Promise<WriteResponse | HeldForApproval> {
    return this.creditChanges.submit(request, reply, clientId, {
      type: 'ChangeLoanClassification',
      data: { classification: body.classification, reason: body.reason },
    });
  }

  @ApiOperation({
    summary: 'Open a credit facility or change its limit',
    description:
      "Creates the facility named in the path, or changes its limit and currency, with its terms (type, maturity, next review) when given. Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404). A relationship manager's new facility or higher limit is held for a risk officer's approval: 202 with `proposalId` (docs/security.md, Maker–checker); a lower limit is made at once.",
  })
  @Access('client.credit.write')
  @Put('facilities/:facilityId')
  @ApiHeldForApproval()
  @ApiTourExample(SetCreditLimitRequestDto, TOUR.setCreditLimit)
  setLimit(
    @Req() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('facilityId', new CodeParam('facilityId')) facilityId: string,
    @Body() body: SetCreditLimitRequestDto,
  ): Promise<WriteResponse | HeldForApproval> {
    return this.creditChanges.submit(request, reply, clientId, {
      type: 'SetCreditLimit',
      data: {
        facilityId,
        limit: body.limit,
        currency: body.currency,
        ...(body.type === undefined ? {} : { type: body.type }),
        ...(body.maturityDate === undefined ? {} : { maturityDate: body.maturityDate }),
        ...(body.nextReviewDate === undefined ? {} : { nextReviewDate: body.nextReviewDate }),
      },
    });
  }

  @ApiOperation({
    summary: 'Report the drawn amount of a facility',
    description:
      'Reports how much of the facility is drawn (core banking, with a service token); a high utilisation raises an early-warning alert. Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404).',
  })
  @Access('client.credit.write')
  @Post('facilities/:facilityId/utilisation')
  @ApiTourExample(ReportUtilisationRequestDto, TOUR.reportUtilisation)
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

  @ApiOperation({
    summary: 'Report an arrear on a facility (dated by when it fell due)',
    description:
      'Reports an arrear with the bank date its oldest unpaid amount fell due (`overdueSince`) and the amount overdue; days past due are counted when the view is read, and the risk monitor raises and escalates EW-DPD as they grow. Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404).',
  })
  @Access('client.credit.write')
  @Post('facilities/:facilityId/past-due')
  @ApiTourExample(ReportPastDueRequestDto, TOUR.reportPastDue)
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

  @ApiOperation({
    summary: 'Clear an arrear (the cure)',
    description:
      "Clears the facility's arrear: it is current again. Roles: relationship_manager, branch_head, risk_officer, admin, and services whose token has a credit-report scope; people only on a client in their scope (another is a 404). A relationship manager's change is held for a risk officer's approval: 202 with `proposalId` (docs/security.md, Maker–checker).",
  })
  @Access('client.credit.write')
  @Delete('facilities/:facilityId/past-due')
  @ApiHeldForApproval()
  clearPastDue(
    @Req() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('facilityId', new CodeParam('facilityId')) facilityId: string,
  ): Promise<WriteResponse | HeldForApproval> {
    return this.creditChanges.submit(request, reply, clientId, { type: 'ClearPastDue', data: { facilityId } });
  }
}
