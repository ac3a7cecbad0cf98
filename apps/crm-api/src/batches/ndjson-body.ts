import type { FastifyInstance } from 'fastify';

export const NDJSON = 'application/x-ndjson';

/**
 * Lets `application/x-ndjson` bodies through unread: the batch route reads the request stream
 * itself, line by line, so a 50 MB batch is never held whole and the API's 1 MiB limit for JSON
 * bodies does not apply to it (the route enforces its own).
 */
export const registerNdjsonBody = (fastify: FastifyInstance): void => {
  fastify.addContentTypeParser(NDJSON, (_request, _payload, done) => done(null, undefined));
};
