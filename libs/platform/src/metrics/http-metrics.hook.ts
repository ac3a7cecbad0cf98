import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/**
 * Times every request when its answer has been sent, so errors (mapped to their status by the
 * exception filter after any interceptor) and requests refused by the body parser count too.
 * Labelled by the route pattern (`/v1/clients/:id`), never the URL with its ids.
 */
export const registerHttpMetrics = (fastify: FastifyInstance, metrics: Metrics): void => {
  const requests = metrics.histogram(
    'crm_http_request_duration_seconds',
    'HTTP request duration by method, route pattern and status code',
    ['method', 'route', 'status'] as const,
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    requests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
};
