import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Access,
  AuditWriter,
  CurrentPrincipal,
  readPurposeHeader,
  Roles,
  type RequestWithPrincipal,
} from '@crm/api-kit';
import { ApiError, APP_CONFIG, type AppConfig } from '@crm/platform';
import { masksPersonalData, NOT_FOUND, scopeOf, type Principal } from '@crm/policy';
import type { AlertFeedFilter } from './alert-feed.audience';
import { AlertFeed } from './alert-feed';
import { AlertFeedAdmission } from './alert-feed.admission';
import { answersAudited, type AnswerAuditRecorder } from './alert-feed.answer-audit';
import { SseConnection } from './alert-feed.connection';
import { AlertFeedMetrics } from './alert-feed.metrics';
import { ALERT_FEED_OPTIONS, type AlertFeedOptions } from './alert-feed.options';
import { AlertFeedQueryDto, FEED_POSITION } from './alert-feed.query.dto';

/** How long a browser's EventSource waits before reconnecting. */
export const RETRY_MS = 2_000;

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  // nginx (and proxies that follow it) would otherwise buffer the stream.
  'x-accel-buffering': 'no',
} as const;

/** When a refused client may try again: about when a forgotten tab's stream would have been noticed and closed. */
const RETRY_AFTER_SECONDS = 30;

const invalid = (field: string, message: string) =>
  new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [{ field, message }]);

/**
 * Where to resume: Last-Event-ID (what a reconnecting EventSource sends) wins over `?since`,
 * which a client can put in the first request. Null means live only.
 */
export const resumePosition = (
  lastEventId: string | string[] | undefined,
  since: string | undefined,
): bigint | null => {
  if (lastEventId !== undefined) {
    if (typeof lastEventId !== 'string' || !FEED_POSITION.test(lastEventId)) {
      throw invalid('Last-Event-ID', 'Last-Event-ID must be a position (decimal digits) as sent in an event id');
    }
    return BigInt(lastEventId);
  }
  return since === undefined ? null : BigInt(since);
};

/**
 * What a connection receives: the caller's clients (all for risk officers and admins, the branch's
 * for a branch head, their own for a relationship manager), narrowed by the query. A branch head
 * naming another branch gets the 404 an unknown branch gets.
 */
export const feedFilterFor = (principal: Principal, query: AlertFeedQueryDto): AlertFeedFilter => {
  const scope = scopeOf(principal);
  const branchId = query.branchId ?? null;
  if (scope.kind === 'branch' && branchId !== null && branchId !== scope.branchId) throw NOT_FOUND.branch();
  return {
    scope,
    answers: !masksPersonalData(principal),
    severities: query.severity === undefined ? null : new Set(query.severity),
    ruleId: query.ruleId ?? null,
    branchId,
  };
};

/**
 * The read audit's writer when the app has one and the audit is on (AuditModule, which the feed's
 * module does not import), else null.
 */
const auditWriterIn = (modules: ModuleRef): AuditWriter | null => {
  try {
    const config = modules.get<symbol, AppConfig>(APP_CONFIG, { strict: false });
    return config.auditEnabled ? modules.get(AuditWriter, { strict: false }) : null;
  } catch {
    return null;
  }
};

/**
 * `GET /v1/alerts/stream`: alert events as Server-Sent Events, `id:` the global position. A static
 * path, so Fastify's router prefers it over `GET /v1/alerts/:id` whichever is registered first.
 */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertFeedController {
  private readonly logger = new Logger(AlertFeedController.name);
  private readonly admission: AlertFeedAdmission;
  /** The API's read audit; absent where the feed runs without it (its own specs). */
  private readonly audit: AnswerAuditRecorder | null;

  constructor(
    private readonly feed: AlertFeed,
    private readonly metrics: AlertFeedMetrics,
    @Inject(ALERT_FEED_OPTIONS) private readonly options: AlertFeedOptions,
    modules: ModuleRef,
  ) {
    this.admission = new AlertFeedAdmission(options.maxConnectionsPerUser, options.maxConnections);
    this.audit = auditWriterIn(modules);
  }

  /** Live alert events; resumes after Last-Event-ID (or `?since`) from the store, then goes live. */
  @Access('alert.feed')
  @Get('stream')
  @Roles('risk_officer', 'branch_head', 'relationship_manager', 'admin')
  // The OpenAPI operationId is published: it keeps the controller's first name (docs/glossary.md).
  @ApiOperation({
    operationId: 'AlertStreamController_stream',
    summary: 'The live alert feed (Server-Sent Events), resumable with Last-Event-ID',
    description:
      'Alert events (raised, acknowledged, escalated, resolved, reopened) as Server-Sent Events, each with its global ' +
      'position as `id`. With Last-Event-ID (what a reconnecting EventSource sends) or, on a first request, `?since`, ' +
      'the events after that position are read from the store first, then the feed goes live; without either it is ' +
      'live only. Each caller receives the alerts about their own clients: a risk officer or admin every alert, a ' +
      'branch head those of their branch, a relationship manager those of the clients they manage now; `severity`, ' +
      '`ruleId` and `branchId` narrow it further on the server, and a resumed feed has no gaps under a filter. ' +
      'Connections are limited per user and in all: over a limit the answer is 429 with Retry-After: 30. Alert events ' +
      'carry alert and client ids, rules, severities and reasons, no personal data, and are not recorded in the read ' +
      "audit. A department's answer to a client's feedback comes as `event: feedback-answered` (data: clientId and " +
      '{feedbackId, department, status, answer, changedAt}) to the callers who may read that client with its personal ' +
      'data (the manager who covers it now, its branch head, admin; not risk officers) and who narrowed the feed by no ' +
      '`severity` or `ruleId`; the answer is personal data, so each one delivered is recorded in the read audit. ' +
      'Roles: relationship_manager, branch_head, risk_officer, admin.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (a global position).' })
  @ApiOkResponse({
    description:
      'An endless text/event-stream: `retry: 2000`, then one `id: <position>` / `event: <AlertRaised|…>` / ' +
      '`data: {alertId, clientId, type, revision, position, recordedAt, traceId?, data}` message per alert event ' +
      '(`event: feedback-answered`, `data: {clientId, type, revision, position, recordedAt, traceId?, data}` per answer) ' +
      '(`traceId`: the W3C trace the alert event was written in, when it was written in one), ' +
      'and `: heartbeat` comments while idle.',
    schema: {
      type: 'string',
      example:
        'retry: 2000\n\nid: 41\nevent: AlertRaised\ndata: {"alertId":"EW-UTIL-1","clientId":"01a23784-f942-7180-a8df-426454a6d4fd",' +
        '"type":"AlertRaised","revision":1,"position":"41","recordedAt":"2026-12-03T06:10:05.000Z","data":{"ruleId":"EW-UTIL"}}\n\n: heartbeat\n\n',
    },
  })
  stream(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest & RequestWithPrincipal,
    @Res() reply: FastifyReply,
    @Query() query: AlertFeedQueryDto,
  ): void {
    const after = resumePosition(request.headers['last-event-id'], query.since);
    const filter = feedFilterFor(principal, query);
    const admitted = this.admission.admit(principal.userId);
    if (typeof admitted !== 'function') {
      this.metrics.refusedClient(admitted.scope);
      throw new ApiError(
        429,
        'ALERT_FEED.TOO_MANY_CONNECTIONS',
        admitted.scope === 'user'
          ? `You already have ${admitted.limit} alert feed connections open; close one first.`
          : 'The alert feed has as many connections as it takes; try again later.',
        [],
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    }

    // From here on the response is ours: Fastify neither sends nor times it.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, SSE_HEADERS);
    const connection = new SseConnection(response, this.options, (reason) => this.metrics.droppedClient(reason));
    connection.onClose(admitted);
    connection.write(`retry: ${RETRY_MS}\n\n`);
    const sink =
      this.audit === null
        ? connection
        : answersAudited(connection, this.audit, principal, readPurposeHeader(request.headers['x-purpose']));
    this.feed.follow(sink, after, filter).catch((error: unknown) => {
      this.logger.warn(`alert feed catch-up failed: ${error instanceof Error ? error.message : String(error)}`);
      connection.abort();
    });
  }
}
