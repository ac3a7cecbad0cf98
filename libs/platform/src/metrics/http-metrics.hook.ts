import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/**
 * Times every request when its answer has been sent, so errors (mapped to their status by the
 * exception filter after any interceptor) and requests refused by the body parser count too.
 * Labelled by the route pattern (`/v1/clients/:id`), never the URL with its ids.
 */
export const registerHttpMetrics = (fastify: FastifyInstance, metrics: Metrics): void => {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
};
