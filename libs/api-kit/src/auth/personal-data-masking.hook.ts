import type { FastifyInstance } from 'fastify';
import { maskPersonalData, masksPersonalData } from '@crm/policy';
import type { RequestWithPrincipal } from './auth.decorators';

/** The Fastify route config flag `@Access` sets on routes whose answers carry client personal data. */
export const PERSONAL_DATA_ROUTE = 'crmPersonalData';

declare module 'fastify' {
  interface FastifyContextConfig {
    [PERSONAL_DATA_ROUTE]?: boolean;
  }
}

/**
 * The one place answers are masked: on routes whose permission carries client personal data, the
 * successful answer of a caller whose role sees clients masked (risk officers) goes through
 * `maskPersonalData`. Everyone else gets the answer untouched. Done as the answer is serialized,
 * so no interceptor runs on every read.
 */
export const registerPersonalDataMasking = (fastify: FastifyInstance): void => {
  fastify.addHook('preSerialization', (request, reply, payload, done) => {
    const principal = (request as RequestWithPrincipal).principal;
    if (
      request.routeOptions.config?.[PERSONAL_DATA_ROUTE] !== true ||
      principal === undefined ||
      reply.statusCode >= 300 ||
      !masksPersonalData(principal)
    )
      return done(null, payload);
    done(null, maskPersonalData(payload));
  });
};
