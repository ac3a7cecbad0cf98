import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { clientStreamId } from '@crm/domain';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { Access, UuidParam } from '@crm/api-kit';
import { ApiError } from '@crm/platform';
import {
  clientNotesOf,
  coverageHistoryOf,
  type CoveragePeriod,
  newestFirst,
  type ClientNotes,
  type ComplaintNote,
  type ContactNote,
  type FeedbackNote,
  type NotesPage,
} from '@crm/read-models';
import { ApiReadResponse } from '../openapi/api-read-response';
import { PageQueryDto } from './dto/page.query.dto';

const ROLES =
  'Recorded in the read audit. The texts are left out for roles that see clients without personal data (risk officers) and read "[erased]" once the client is erased. Roles: relationship_manager, branch_head, risk_officer, service, admin, each within their scope: a relationship manager their own clients, a branch head their branch.';

/**
 * What managers wrote about a client (contact summaries, complaints, feedback), read back from the
 * client's own stream, where the texts are encrypted with the client's key: no read model keeps a
 * plaintext copy that erasure would have to chase.
 */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/:id')
export class ClientNotesController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @ApiOperation({
    summary: "The client's contacts as logged, newest first",
    description: `Every contact logged with the client: when, by which manager, channel, purpose, the summary as written, and its follow-up (due, completed when). Cursor-paged (\`limit\` 1–200, default 50; pass \`nextCursor\` as \`cursor\`). ${ROLES}`,
  })
  @ApiReadResponse('ContactNotesPage', 'One page of the client’s contacts, newest first')
  @Access('client.read')
  @Get('contacts')
  contacts(
    @Param('id', new UuidParam('id')) clientId: string,
    @Query() query: PageQueryDto,
  ): Promise<NotesPage<ContactNote>> {
    return this.page(clientId, query, (notes) => notes.contacts);
  }

  @ApiOperation({
    summary: "The client's complaints as received, newest first",
    description: `Every complaint: when received, category, the text as written, and its resolution once resolved. Cursor-paged (\`limit\` 1–200, default 50; pass \`nextCursor\` as \`cursor\`). ${ROLES}`,
  })
  @ApiReadResponse('ComplaintNotesPage', 'One page of the client’s complaints, newest first')
  @Access('client.read')
  @Get('complaints')
  complaints(
    @Param('id', new UuidParam('id')) clientId: string,
    @Query() query: PageQueryDto,
  ): Promise<NotesPage<ComplaintNote>> {
    return this.page(clientId, query, (notes) => notes.complaints);
  }

  @ApiOperation({
    summary: 'The feedback forwarded about the client, newest first',
    description: `Every piece of feedback forwarded to a department: when, which department, product and theme, the text as written, where the department's queue has it now (\`status\`) and every answer the department gave (status, answer, who, when), oldest first. Cursor-paged (\`limit\` 1–200, default 50; pass \`nextCursor\` as \`cursor\`). ${ROLES}`,
  })
  @ApiReadResponse('FeedbackNotesPage', 'One page of the feedback forwarded about the client, newest first')
  @Access('client.read')
  @Get('feedback')
  feedback(
    @Param('id', new UuidParam('id')) clientId: string,
    @Query() query: PageQueryDto,
  ): Promise<NotesPage<FeedbackNote>> {
    return this.page(clientId, query, (notes) => notes.feedback);
  }

  @ApiOperation({
    summary: 'Who covered the client, and when',
    description:
      'Every manager who covered the client, oldest first: from when to when (null for the current one), the level recorded at assignment, the reason, and the handover that moved the client when one did. Recorded in the read audit. Roles: relationship_manager, branch_head, risk_officer, service, admin, each within their scope.',
  })
  @ApiReadResponse('CoverageHistory', 'The coverage periods, oldest first')
  @Access('client.read')
  @Get('coverage-history')
  async coverageHistory(
    @Param('id', new UuidParam('id')) clientId: string,
  ): Promise<{ items: readonly CoveragePeriod[] }> {
    const events = await this.store.readStream(clientStreamId(clientId));
    if (events.length === 0) throw new ApiError(404, 'CLIENT.NOT_FOUND', 'No such client.');
    return { items: coverageHistoryOf(events) };
  }

  private async page<T extends { revision: number }>(
    clientId: string,
    query: PageQueryDto,
    pick: (notes: ClientNotes) => readonly T[],
  ): Promise<NotesPage<T>> {
    const events = await this.store.readStream(clientStreamId(clientId));
    if (events.length === 0) throw new ApiError(404, 'CLIENT.NOT_FOUND', 'No such client.');
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    return newestFirst(
      pick(clientNotesOf(events)),
      limit,
      query.cursor === undefined ? undefined : Number(query.cursor),
    );
  }
}
