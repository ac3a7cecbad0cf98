import { Body, Controller, Delete, HttpCode, Inject, Param, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, isPersonalDataShredder, type EventStore } from '@crm/event-store';
import {
  ApiErrorResponses,
  IdempotencyInterceptor,
  Roles,
  type IdempotentRequest,
  UuidParam,
  WriteResponseDto,
} from '@crm/api-kit';
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

  @ApiOperation({
    summary: "Erase a client's personal data (crypto-shredding; DPO only)",
    description:
      'Appends PersonalDataErased with its legal basis and destroys the client\'s data key: every personal field of the client, in every event and view, then reads "[erased]"; business facts (ratings, facilities, products, contact dates) stay. Answers 200 `{ id, revision, position }`; a repeat appends nothing, answers the same revision and finishes an erasure cut short. Idempotency-Key is honoured. Role: dpo only.',
  })
  @Delete(':id/personal-data')
  @ApiErrorResponses(400, 401, 403, 404, 409, 412, 429, 503, 507)
  @ApiOkResponse({
    description: 'Erased (or already erased): the event is in the log and the data key is destroyed',
    type: WriteResponseDto,
    headers: {
      ETag: { description: 'The client stream’s revision after the erasure, quoted', schema: { type: 'string' } },
    },
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Erase only if the client is still at this revision; else 412',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry safe: the same key and body get the first answer again',
  })
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
