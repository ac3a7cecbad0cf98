import type { FastifyInstance } from 'fastify';
import { REQUEST_ID_HEADER, requestTraceOf, TRACE_ID_HEADER } from '@crm/platform';

/**
 * Every answer carries the request's id (Fastify's `request.id`, made by `requestIdOf`) and its
 * trace id (`requestTraceOf`), so a caller can quote either and support can find the log lines
 * and the trace. Set on the raw response: it then
 * survives replies that bypass Fastify's reply (the alert feed writes its own head).
 */
export const registerRequestIdHeader = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
    reply.raw.setHeader(TRACE_ID_HEADER, requestTraceOf(request.raw).traceId);
    done();
  });
};
