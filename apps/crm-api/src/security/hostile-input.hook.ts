import type { FastifyInstance } from 'fastify';
import { hostileShapeOf, paramProblemOf } from '@crm/api-kit';
import { REQUEST_ID_HEADER, type ApiErrorBody } from '@crm/platform';
import { MAX_URL_LENGTH, URI_TOO_LONG } from './framework-errors';

/**
 * Refuses, before any of Nest's pipeline runs: URLs over MAX_URL_LENGTH (414); bodies and query
 * strings nested too deep or using prototype keys (`__proto__`, `constructor`, `hasOwnProperty` …);
 * text in a body, query string or path parameter with a NUL or an unpaired surrogate, so every
 * store refuses the same input with the same 400. Interceptors see the body before the validation
 * pipe does, and recursive code there (JSON.stringify of a 100,000-deep array) overflows the
 * stack. The validation pipe checks bodies and queries again for apps built without this hook.
 */
export const registerHostileInputCheck = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.url.length <= MAX_URL_LENGTH) return done();
    void reply.code(414).header(REQUEST_ID_HEADER, request.id).send(URI_TOO_LONG);
  });
  fastify.addHook('preHandler', (request, reply, done) => {
    const problem = hostileShapeOf(request.body) ?? hostileShapeOf(request.query) ?? paramProblemOf(request.params);
    if (problem === null) return done();
    const body: ApiErrorBody = { code: 'REQUEST.INVALID', message: 'The request is invalid.', errors: [problem] };
    void reply.code(400).send(body);
  });
};
