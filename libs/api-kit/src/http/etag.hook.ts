import type { FastifyInstance } from 'fastify';

/**
 * Every write answers `{ id, revision, position }` and every view carries its `revision`; that
 * revision is also the answer's ETag, which If-Match takes. Set as the answer is serialized: a
 * Fastify hook costs next to nothing, where a Nest interceptor on every route cost more per read
 * than the read itself (docs/benchmarks.md, HTTP path).
 */
export const registerETagHeader = (fastify: FastifyInstance): void => {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    const revision = (payload as { revision?: unknown } | null)?.revision;
    if (typeof revision === 'number') void reply.header('ETag', `"${revision}"`);
    done(null, payload);
  });
};
