import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '@crm/platform';
import {
  newAccessLogId,
  type AuditWriter,
  readPurposeHeader,
  type AccessLogEntry,
  type RequestWithPrincipal,
} from '@crm/api-kit';
import { auditedReadOf } from './client-reads';

type AuditedRequest = FastifyRequest & RequestWithPrincipal;

/**
 * Records every client a successful read returned (on every route in CLIENT_READS, so no
 * controller needs to know): one access-log entry per client per answer, with the caller's id
 * and role, the route pattern and the `X-Purpose`. Taken from the answer as it is serialized (a
 * Fastify hook, not an interceptor: those cost a read more than the read itself); the answer is
 * read, never changed, and never waits for the audit: entries go to the batching writer.
 *
 * Refused requests (401/403 from the guards, 404 for a client the caller may not see, 400, the
 * 503 of ReadAuditGuard) and any other answer that is not 2xx are not recorded.
 */
export const registerReadAuditRecording = (
  fastify: FastifyInstance,
  writer: AuditWriter,
  config: Pick<AppConfig, 'auditEnabled'>,
): void => {
  const logger = new Logger('ReadAudit');
  const unattributed = new Set<string>();
  fastify.addHook('preSerialization', (request: AuditedRequest, reply, payload, done) => {
    const read = reply.statusCode >= 200 && reply.statusCode < 300 ? auditedReadOf(request, config) : null;
    if (read === null) return done(null, payload);
    const { route, principal } = read;
    const clientIds = read.clientIdsOf(payload, request.params);
    if (clientIds === null) {
      // A read the audit cannot attribute is a read that goes unaudited: said loudly, once per route.
      if (!unattributed.has(route)) {
        unattributed.add(route);
        logger.error(
          `audit: the answer of ${route} does not have the shape the audit expects; its reads are NOT being recorded (fix apps/crm-api/src/audit/client-reads.ts)`,
        );
      }
    } else if (clientIds.length > 0) {
      const at = Date.now();
      const purpose = readPurposeHeader(request.headers['x-purpose']);
      writer.record(
        clientIds.map((clientId): AccessLogEntry => ({
          id: newAccessLogId(at),
          at,
          userId: principal.userId,
          role: principal.role,
          clientId,
          route,
          purpose,
        })),
      );
    }
    done(null, payload);
  });
};
