import { Body, Controller, Delete, HttpCode, Inject, Param, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, isPersonalDataShredder, type EventStore } from '@crm/event-store';
import { ApiErrorResponses, IdempotencyInterceptor, Roles, type IdempotentRequest, UuidParam } from '@crm/api-kit';
import { CLIENT_STREAM, CommandGateway, type WriteResponse } from '../commands/command-gateway';
import { ErasePersonalDataRequestDto } from './erase-personal-data.request.dto';

/**
 * Erasure of a client's personal data by crypto-shredding (docs/security.md), for the
 * data-protection officer only. The command appends PersonalDataErased through the usual
 * load → decide → append path; the store then destroys the client's data key, so every personal
 * field of the client, in every event, reads "[erased]"; the projector overwrites the read models.
 * Business facts (ratings, facilities, products, contact dates) stay.
 *
 * Answers 200 `{ id, revision, position }` like other changes; repeating it appends nothing and
 * answers the same revision. A repeat also finishes an erasure whose request died after the event
 * was appended but before the key was destroyed.
 */
@ApiTags('clients')
@ApiBearerAuth()
@Roles('dpo')
@Controller('clients')
export class PersonalDataController {
  constructor(
    private readonly commands: CommandGateway,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @ApiOperation({ summary: "Erase a client's personal data (crypto-shredding; DPO only)" })
  @Delete(':id/personal-data')
  @ApiErrorResponses(400, 401, 403, 404, 409, 429, 503, 507)
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  async erase(
    @Req() request: IdempotentRequest,
    @Param('id', new UuidParam('id')) clientId: string,
    @Body() body: ErasePersonalDataRequestDto,
  ): Promise<WriteResponse> {
    const written = await this.commands.execute(request, CLIENT_STREAM, clientId, 'EraseClientPersonalData', {
      basis: body.basis,
    });
    // Idempotent: a no-op when the append above already finished it.
    if (isPersonalDataShredder(this.store)) await this.store.erasePersonalData(clientId);
    return written;
  }
}
