import { Body, Controller, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { AssignManagerRequestDto } from './dto/assign-manager.request.dto';
import { ChangeTierRequestDto } from './dto/change-tier.request.dto';
import { ConvertProspectRequestDto } from './dto/convert-prospect.request.dto';
import { RegisterProspectRequestDto } from './dto/register-prospect.request.dto';
import { UpdateProfileRequestDto } from './dto/update-profile.request.dto';
import { ApiTourExample, TOUR } from '../openapi/tour-examples';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientLifecycleController {
  constructor(private readonly commands: CommandGateway) {}

  @ApiOperation({
    summary: 'Register a prospect',
    description:
      'Registers a prospect in a branch (its id is made here and answered as `id`). A relationship manager who registers it covers it (`ManagerAssigned` in the same write), so it is in their scope and pipeline at once. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only in the branch of their token (another is a 403). With Idempotency-Key a retry answers the same id.',
  })
  @Access('client.register')
  @Post()
  @ApiTourExample(RegisterProspectRequestDto, TOUR.registerProspect)
  async register(@Req() request: IdempotentRequest, @Body() body: RegisterProspectRequestDto): Promise<WriteResponse> {
    const clientId = newId(request, 'client');
    // A relationship manager covers the prospect they register: otherwise their own scope would hide it.
    const registering =
      request.principal?.role === 'relationship_manager' && request.principal.managerId !== undefined
        ? await this.commands.managerSnapshot(request.principal.managerId)
        : null;
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'RegisterProspect', {
      clientId,
      branchId: body.branchId,
      segment: body.segment,
      industry: body.industry,
      legalName: body.legalName,
      registrationNo: body.registrationNo,
      contact: { ...body.contact },
      source: body.source,
      ...(body.referredBy !== undefined ? { referredBy: body.referredBy } : {}),
      ...(registering === null ? {} : { registeringManager: registering }),
    });
  }

  @ApiOperation({
    summary: 'Convert a prospect into a client',
    description:
      'Turns a prospect into a client, optionally with its first product code; a client already converted is a 422. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).',
  })
  @Access('client.write')
  @Post(':id/conversion')
  @HttpCode(200)
  @ApiTourExample(ConvertProspectRequestDto, TOUR.convertProspect)
  convert(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ConvertProspectRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ConvertProspect', {
      ...(body.firstProductCode !== undefined ? { firstProductCode: body.firstProductCode } : {}),
    });
  }

  @ApiOperation({
    summary: "Change a client's profile (name, contact details, industry)",
    description:
      'Changes the fields sent (legal name, contact details, industry); fields left out stay. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).',
  })
  @Access('client.write')
  @Patch(':id/profile')
  updateProfile(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: UpdateProfileRequestDto,
  ): Promise<WriteResponse> {
    const { contact, ...rest } = body;
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'UpdateProfile', {
      changes: { ...rest, ...(contact !== undefined ? { contact: { ...contact } } : {}) },
    });
  }

  @ApiOperation({
    summary: "Assign the client's relationship manager",
    description:
      "Sets the manager who covers the client, with a reason; the event keeps the manager's registry entry (name, level) as it is at that time. Roles: branch_head (a client of their branch; another is a 404), admin. Not relationship managers: who covers a client is the branch's decision (segregation of duties).",
  })
  @Access('client.assign')
  @Put(':id/manager')
  @ApiTourExample(AssignManagerRequestDto, TOUR.assignManager)
  async assignManager(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: AssignManagerRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'AssignManager', {
      managerId: body.managerId,
      manager: await this.commands.managerSnapshot(body.managerId),
      reason: body.reason,
    });
  }

  @ApiOperation({
    summary: 'Grade a client (core, key, standard) with its annual contribution',
    description:
      "Sets the client's tier (core, key, standard, basic) with a reason and, optionally, its annual contribution (a decimal string), which the branch dashboard's 80/20 figure uses. Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).",
  })
  @Access('client.write')
  @Put(':id/tier')
  @ApiTourExample(ChangeTierRequestDto, TOUR.changeTier)
  async changeTier(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ChangeTierRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ChangeTier', {
      tier: body.tier,
      reason: body.reason,
      ...(body.annualContribution !== undefined ? { annualContribution: body.annualContribution } : {}),
      currentManager: await this.commands.currentManagerOf(clientId),
    });
  }
}
