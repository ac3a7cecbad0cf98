import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import fastify, { type FastifyInstance } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';

/**
 * Helmet's headers (HSTS, nosniff, frame and referrer policies, no X-Powered-By …) on every
 * answer. The API itself serves only JSON; the one HTML page is the Swagger UI at /docs, whose
 * scripts and styles are files from this origin plus inline `<style>` blocks, so the policy
 * allows exactly that. No `upgrade-insecure-requests`: it would break /docs over plain http.
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/** The headers @fastify/helmet sets with these options, read off one answer of a scratch server. */
const helmetHeaders = async (options: FastifyHelmetOptions): Promise<OutgoingHttpHeaders> => {
  const probe = fastify();
  await probe.register(fastifyHelmet, options);
  probe.get('/', (_request, reply) => reply.send(reply.raw.getHeaders()));
  try {
    return (await probe.inject({ method: 'GET', url: '/' })).json<OutgoingHttpHeaders>();
  } finally {
    await probe.close();
  }
};

/**
 * Sets SECURITY_HEADERS on every answer, on the raw response as @fastify/helmet does (so they
 * survive replies that bypass Fastify's, like the alert feed's). The plugin rebuilt helmet from
 * its options on every request (~6 % of a read's CPU); the headers never vary, so they are taken
 * from the plugin once, at boot, and only set per request.
 */
export const registerSecurityHeaders = async (server: FastifyInstance): Promise<void> => {
  const headers = Object.entries(await helmetHeaders(SECURITY_HEADERS)).filter(
    (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
  );
  server.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
};
