/** The parts of a JWS header this service acts on; anything else in it is ignored. */
export type JwtHeader = Readonly<{ alg: string; kid?: string }>;

/** A key id is an opaque label; this bounds what an attacker can make the key cache hold. */
const KID = /^[\x21-\x7e]{1,256}$/;

/**
 * Reads a compact JWS's header without trusting it: three base64url parts, a JSON object header
 * with a string `alg`, an optional printable `kid`, and no `crit` (the RFC says a header naming
 * extensions we do not understand must be refused). Null for anything else.
 */
export const readJwtHeader = (token: string): JwtHeader | null => {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return null;
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return null;
  const { alg, kid, crit } = header as Record<string, unknown>;
  if (typeof alg !== 'string' || crit !== undefined) return null;
  if (kid !== undefined && (typeof kid !== 'string' || !KID.test(kid))) return null;
  return kid === undefined ? { alg } : { alg, kid };
};
