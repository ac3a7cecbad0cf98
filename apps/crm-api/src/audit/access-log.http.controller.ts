import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError } from '@crm/platform';
import {
  ApiErrorResponses,
  AUDIT_STORE,
  AuditWriter,
  decodeAccessLogCursor,
  DEFAULT_ACCESS_LOG_LIMIT,
  encodeAccessLogCursor,
  Roles,
  type AuditStore,
  UuidParam,
} from '@crm/api-kit';
import { AccessLogQueryDto } from './access-log.query.dto';
import { ApiReadResponse } from '../openapi/api-read-response';

export type AccessLogEntryView = Readonly<{
  at: string;
  userId: string;
  role: string;
  route: string;
  purpose: string | null;
}>;
export type AccessLogPageView = Readonly<{ entries: readonly AccessLogEntryView[]; nextCursor: string | null }>;

const invalid = (field: string, message: string) =>
  new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [{ field, message }]);

/**
 * `GET /v1/clients/:id/access-log` (dpo only): who read the client, when, by which route and why,
 * newest first. Reading it is not itself a read of the client (it returns no client data), so it
 * is not recorded. Entries still waiting in the writer's batch are written first, so a read made a
 * moment ago is already there. A client the store does not know simply has an empty log.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('clients')
export class AccessLogController {
  constructor(
    @Inject(AUDIT_STORE) private readonly store: AuditStore,
    private readonly writer: AuditWriter,
  ) {}

  @ApiOperation({
    summary: "Who read this client's data, and when (read audit; DPO only)",
    description:
      'The read audit of one client, newest first: who read it, when, by which route and with which X-Purpose; cursor-paged (pass `nextCursor` as `cursor`). Entries still waiting to be written are written first, so a read a moment ago is there; 503 with Retry-After when the audit store cannot be read. Reading the log is not itself recorded. A client the audit does not know has an empty log. Role: dpo only.',
  })
  @Get(':id/access-log')
  @Roles('dpo')
  @ApiErrorResponses(400, 401, 403, 404, 429, 503)
  @ApiReadResponse('AccessLogPage', 'One page of the client’s read audit, newest first')
  async accessLog(
    @Param('id', new UuidParam('id')) clientId: string,
    @Query() query: AccessLogQueryDto,
  ): Promise<AccessLogPageView> {
    const before = query.cursor === undefined ? undefined : (decodeAccessLogCursor(query.cursor) ?? undefined);
    if (query.cursor !== undefined && before === undefined)
      throw invalid('cursor', 'cursor must be a nextCursor from a previous page');
    try {
      await this.writer.flush();
    } catch {
      throw new ApiError(503, 'AUDIT.UNAVAILABLE', 'The access log cannot be read right now; try again shortly.', [], {
        'Retry-After': '5',
      });
    }
    const page = await this.store.readByClient(clientId, {
      limit: query.limit === undefined ? DEFAULT_ACCESS_LOG_LIMIT : Number(query.limit),
      ...(before !== undefined ? { before } : {}),
    });
    return {
      entries: page.entries.map((entry) => ({
        at: new Date(entry.at).toISOString(),
        userId: entry.userId,
        role: entry.role,
        route: entry.route,
        purpose: entry.purpose,
      })),
      nextCursor: page.next === null ? null : encodeAccessLogCursor(page.next),
    };
  }
}
