import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

const context = new AsyncLocalStorage<FastifyBaseLogger>();

/** The logger of the request being served (it carries the request's id), if any. */
export const requestLogger = (): FastifyBaseLogger | undefined => context.getStore();

/**
 * Runs the rest of every request, from its first hook, with its logger in context, so whatever
 * logs while it is served (Nest's own logs: the error filter, the read audit …) logs with its
 * `requestId`.
 */
export const registerRequestLogContext = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, _reply, done) => context.run(request.log, done));
};
