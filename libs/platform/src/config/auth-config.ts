import { ConfigError, parseBoolean, parseInteger } from './config-parsing';

/**
 * How callers are authenticated beyond the HS256 secret, and how hard they may call. Every
 * problem names its variable; values are never echoed (an URL may carry credentials).
 */
export type AuthConfig = Readonly<{
  /** Where the identity provider publishes its public keys; set, only RS256/ES256 tokens are accepted. */
  jwtJwksUrl: string | null;
  /** Required `iss` claim, when set. */
  jwtIssuer: string | null;
  /** Accepted `aud` values (a token must name one of them), when set. */
  jwtAudience: readonly string[] | null;
  /** Leeway for `exp`/`nbf` against clock drift between the issuer and this host. */
  jwtClockToleranceSeconds: number;
  /** Requests per minute per caller (JWT `sub`, else client IP); 0 turns rate limiting off. */
  rateLimitPerMinute: number;
}>;

/** Claim values are compared exactly; whitespace or control characters are a typo, not an issuer. */
const CLAIM_VALUE = /^[\x21-\x7e]{1,256}$/;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Keys must come over TLS: a JWKS fetched in clear can be swapped on the wire, and whoever swaps
 * it mints tokens. Plain http is allowed to this host only (tests, a sidecar).
 */
const parseJwksUrl = (raw: string | undefined): string | null => {
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('JWT_JWKS_URL', 'must be an absolute https:// URL');
  }
  if (url.username !== '' || url.password !== '') throw new ConfigError('JWT_JWKS_URL', 'must not carry credentials');
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url.toString();
  throw new ConfigError('JWT_JWKS_URL', 'must be an https:// URL (http:// only to localhost)');
};

const parseClaimValue = (name: string, raw: string | undefined): string | null => {
  if (raw === undefined || raw === '') return null;
  if (!CLAIM_VALUE.test(raw)) throw new ConfigError(name, 'must be 1-256 printable characters without spaces');
  return raw;
};

const parseAudiences = (raw: string | undefined): readonly string[] | null => {
  if (raw === undefined || raw === '') return null;
  const audiences = raw.split(',').map((audience) => audience.trim());
  if (audiences.some((audience) => !CLAIM_VALUE.test(audience))) {
    throw new ConfigError(
      'JWT_AUDIENCE',
      'must be a comma-separated list of 1-256 printable characters without spaces',
    );
  }
  return audiences;
};

export const loadAuthConfig = (env: NodeJS.ProcessEnv = process.env): AuthConfig => {
  const jwtJwksUrl = parseJwksUrl(env.JWT_JWKS_URL);
  // Development tokens are HS256, signed here; with a JWKS only the identity provider's keys
  // count, so the route would hand out tokens that never verify. Same default as app-config.
  const devTokens = parseBoolean(
    'AUTH_DEV_TOKENS',
    env.AUTH_DEV_TOKENS,
    (env.NODE_ENV ?? 'development') !== 'production',
  );
  if (jwtJwksUrl !== null && devTokens) {
    throw new ConfigError('JWT_JWKS_URL', 'cannot be used with development tokens: set AUTH_DEV_TOKENS=false');
  }
  return {
    jwtJwksUrl,
    jwtIssuer: parseClaimValue('JWT_ISSUER', env.JWT_ISSUER),
    jwtAudience: parseAudiences(env.JWT_AUDIENCE),
    jwtClockToleranceSeconds: parseInteger('JWT_CLOCK_TOLERANCE_SECONDS', env.JWT_CLOCK_TOLERANCE_SECONDS, 30, 0, 300),
    rateLimitPerMinute: parseInteger('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 6000, 0, 1_000_000),
  };
};
