import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError, APP_CONFIG, type AppConfig } from '@crm/platform';
import { AuditWriter, readPurposeHeader, type RequestWithPrincipal } from '@crm/api-kit';
import { AuditMetrics } from './audit.metrics';
import { auditedReadOf } from './client-reads';

type AuditedRequest = FastifyRequest & RequestWithPrincipal;

/**
 * What the read audit checks before a request runs (a global guard, after authentication: an
 * anonymous caller still gets its 401 first). `X-Purpose` is validated on every route, so a bad
 * header is refused alike wherever it is sent. And the audit fails closed: when the writer's
 * backlog is at its bound (the audit database has been failing for a while), client reads are
 * refused with 503 before they run — an unaudited read of client data is a compliance breach, an
 * unavailable one is not. Other routes are unaffected. What a read returned is recorded by
 * registerReadAuditRecording.
 */
@Injectable()
export class ReadAuditGuard implements CanActivate {
  constructor(
    private readonly writer: AuditWriter,
    private readonly metrics: AuditMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    readPurposeHeader(request.headers['x-purpose']);
    if (!this.writer.saturated || auditedReadOf(request, this.config) === null) return true;
    this.metrics.refusedRead();
    throw new ApiError(
      503,
      'AUDIT.UNAVAILABLE',
      'Client data cannot be read while reads cannot be audited; try again shortly.',
      [],
      { 'Retry-After': '5' },
    );
  }
}
