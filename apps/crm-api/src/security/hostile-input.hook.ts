import type { FastifyInstance } from 'fastify';
import { hostileShapeOf } from '@crm/api-kit';
import type { ApiErrorBody } from '@crm/platform';

/**
 * Refuses bodies and query strings nested too deep or using prototype keys (`__proto__`,
 * `constructor`, `hasOwnProperty` …) before any of Nest's pipeline runs: interceptors see the
 * body before the validation pipe does, and recursive code there (JSON.stringify of a 100,000-
 * deep array) overflows the stack. The validation pipe checks the same again for apps built
 * without this hook.
 */
export const registerHostileInputCheck = (fastify: FastifyInstance): void => {
  fastify.addHook('preHandler', (request, reply, done) => {
    const problem = hostileShapeOf(request.body) ?? hostileShapeOf(request.query);
    if (problem === null) return done();
    const body: ApiErrorBody = { code: 'REQUEST.INVALID', message: 'The request is invalid.', errors: [problem] };
    void reply.code(400).send(body);
  });
};
