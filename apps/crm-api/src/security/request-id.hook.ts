import type { FastifyInstance } from 'fastify';
import { REQUEST_ID_HEADER } from '@crm/platform';

/**
 * Every answer carries the request's id (Fastify's `request.id`, made by `requestIdOf`), so a
 * caller can quote it and support can find the log lines. Set on the raw response: it then
 * survives replies that bypass Fastify's reply (the alert feed writes its own head).
 */
export const registerRequestIdHeader = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
    done();
  });
};
