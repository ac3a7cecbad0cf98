import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ComplaintPolicy } from '@crm/domain';
import { Access, newId, UuidParam, type IdempotentRequest } from '@crm/api-kit';
import { APP_CONFIG, type AppConfig } from '@crm/platform';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { AcknowledgeComplaintRequestDto } from './dto/acknowledge-complaint.request.dto';
import { ReceiveComplaintRequestDto } from './dto/receive-complaint.request.dto';
import { ResolveComplaintRequestDto } from './dto/resolve-complaint.request.dto';

const ROLES =
  'Roles: relationship_manager, branch_head, admin; a relationship manager or branch head only on a client in their scope (another is a 404).';

/** A client's complaints and their deadlines: received, acknowledged, resolved (the sweep escalates). */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/:id/complaints')
export class ClientComplaintsController {
  private readonly policy: ComplaintPolicy;

  constructor(
    private readonly commands: CommandGateway,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = {
      acknowledgeBusinessDays: config.complaintAckBusinessDays,
      resolveCalendarDays: config.complaintResolutionDays,
    };
  }

  @ApiOperation({
    summary: 'Record a complaint',
    description: `Records a complaint with its category, severity (default medium), channel and the time it reached the bank (\`receivedAt\`, default now, never in the future). From that time it must be acknowledged within COMPLAINT_ACK_BUSINESS_DAYS business days on the bank's calendar (default 2) and resolved within COMPLAINT_RESOLUTION_DAYS calendar days (default 15); the event carries both deadlines (\`acknowledgeBy\`, \`dueBy\`), and the risk monitor's sweep escalates a complaint once per deadline it misses (ComplaintEscalated). Counted open on the view until resolved. Answers \`{ id, revision, position }\` plus \`complaintId\`. ${ROLES}`,
  })
  @Access('client.write')
  @Post()
  async receive(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ReceiveComplaintRequestDto,
  ): Promise<WriteResponse & { complaintId: string }> {
    const complaintId = newId(request, 'complaint');
    const result = await this.commands.execute(request, CLIENT_STREAM, clientId, 'ReceiveComplaint', {
      complaintId,
      category: body.category,
      text: body.text,
      ...(body.severity === undefined ? {} : { severity: body.severity }),
      ...(body.channel === undefined ? {} : { channel: body.channel }),
      ...(body.receivedAt === undefined ? {} : { receivedAt: new Date(body.receivedAt).toISOString() }),
      ...(body.ownerId === undefined ? {} : { ownerId: body.ownerId }),
      policy: this.policy,
    });
    return { ...result, complaintId };
  }

  @ApiOperation({
    summary: 'Acknowledge a complaint',
    description: `Records that the complaint was taken on and the client told so, with its owner (\`ownerId\`, default the caller). Once only (409 COMPLAINT.ALREADY_ACKNOWLEDGED); a resolved complaint is a 409. Acknowledged after \`acknowledgeBy\`, the complaint counts as acknowledged late. ${ROLES}`,
  })
  @Access('client.write')
  @Post(':complaintId/acknowledgement')
  @HttpCode(200)
  acknowledge(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('complaintId', new UuidParam('complaintId')) complaintId: string,
    @Body() body: AcknowledgeComplaintRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'AcknowledgeComplaint', {
      complaintId,
      ...(body.ownerId === undefined ? {} : { ownerId: body.ownerId }),
    });
  }

  @ApiOperation({
    summary: 'Resolve a complaint',
    description: `Resolves an open complaint with its resolution, an optional outcome (upheld, partially_upheld, not_upheld) and any redress paid (\`redressAmount\` as a decimal string, with its \`currency\`; a number is a 400). ${ROLES}`,
  })
  @Access('client.write')
  @Post(':complaintId/resolution')
  @HttpCode(200)
  resolve(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Param('complaintId', new UuidParam('complaintId')) complaintId: string,
    @Body() body: ResolveComplaintRequestDto,
  ): Promise<WriteResponse> {
    return this.commands.execute(request, CLIENT_STREAM, clientId, 'ResolveComplaint', {
      complaintId,
      resolution: body.resolution,
      ...(body.outcome === undefined ? {} : { outcome: body.outcome }),
      ...(body.redressAmount === undefined ? {} : { redressAmount: body.redressAmount }),
      ...(body.currency === undefined ? {} : { currency: body.currency }),
    });
  }
}
