import type { FastifyHelmetOptions } from '@fastify/helmet';

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
