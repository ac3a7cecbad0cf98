import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { v7 } from 'uuid';
import { ApiError, APP_CONFIG, type AppConfig } from '@crm/platform';
import { AuditWriter, readPurposeHeader, type AccessLogEntry, type RequestWithPrincipal } from '@crm/api-kit';
import { AuditMetrics } from './audit.metrics';
import { CLIENT_READS } from './client-reads';

type AuditedRequest = FastifyRequest & RequestWithPrincipal;

/**
 * Records every client a successful read returned (global, so no controller needs to know): one
 * access-log entry per client per answer, with the caller's id and role, the route pattern and the
 * `X-Purpose`. The answer is read, never changed, and never waits for the audit: entries go to
 * the batching writer, which writes them a moment later.
 *
 * Fail closed: when the writer's backlog is at its bound (the audit database has been failing for
 * a while), client reads are refused with 503 before they run — an unaudited read of client data
 * is a compliance breach, an unavailable one is not. Other routes are unaffected.
 *
 * Errors and non-2xx answers (401/403 from the guard, 404 for a client the caller may not see, 400)
 * never reach `map`, so they are not recorded.
 */
@Injectable()
export class ReadAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ReadAudit');
  private readonly unattributed = new Set<string>();

  constructor(
    private readonly writer: AuditWriter,
    private readonly metrics: AuditMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    // Validated on every route, so a bad header is refused alike wherever it is sent.
    const purpose = readPurposeHeader(request.headers['x-purpose']);
    if (!this.config.auditEnabled || request.method !== 'GET') return next.handle();
    const route = request.routeOptions?.url;
    const clientIdsOf = route === undefined ? undefined : CLIENT_READS.get(route);
    const principal = request.principal;
    if (clientIdsOf === undefined || route === undefined || principal === undefined) return next.handle();

    if (this.writer.saturated) {
      this.metrics.refusedRead();
      throw new ApiError(
        503,
        'AUDIT.UNAVAILABLE',
        'Client data cannot be read while reads cannot be audited; try again shortly.',
        [],
        {
          'Retry-After': '5',
        },
      );
    }

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        // A handler that answers through the reply itself may have set a status; Nest's own is applied later (2xx).
        if (reply.statusCode >= 200 && reply.statusCode < 300) {
          const clientIds = clientIdsOf(body, request.params);
          if (clientIds === null) this.cannotAttribute(route);
          else this.record(clientIds, principal.userId, principal.role, route, purpose);
        }
        return body;
      }),
    );
  }

  private record(
    clientIds: readonly string[],
    userId: string,
    role: string,
    route: string,
    purpose: string | null,
  ): void {
    if (clientIds.length === 0) return;
    const at = Date.now();
    const entries: AccessLogEntry[] = clientIds.map((clientId) => ({
      id: v7(),
      at,
      userId,
      role,
      clientId,
      route,
      purpose,
    }));
    this.writer.record(entries);
  }

  private cannotAttribute(route: string): void {
    if (this.unattributed.has(route)) return;
    this.unattributed.add(route);
    this.logger.error(
      `audit: the answer of ${route} does not have the shape the audit expects; its reads are NOT being recorded (fix apps/crm-api/src/audit/client-reads.ts)`,
    );
  }
}
