import { createPublicKey, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { JwksClient } from 'jwks-rsa';
import type { JwtHeader } from './jwt-header';
import { TokenKeyError, type TokenAlgorithm, type TokenKeys } from './token-keys';

/** Signing keys are re-read at most this often, so a rotation at the provider is seen in minutes. */
const CACHE_MAX_AGE_MS = 10 * 60_000;
/** Unknown key ids make the client fetch; this caps what a flood of forged `kid`s can cause. */
const JWKS_REQUESTS_PER_MINUTE = 10;
const JWKS_TIMEOUT_MS = 5_000;
const MIN_RSA_BITS = 2048;
/** Parsed keys by PEM; a JWKS holds a handful, so the bound only matters against churn. */
const MAX_PARSED_KEYS = 32;
/** An unreachable provider fails every request; one log line a minute says so without flooding. */
const WARN_EVERY_MS = 60_000;

/**
 * The algorithm a key is for, from the key itself: RSA (≥ 2048 bits) is RS256, EC on P-256 is
 * ES256. A JWK that declares another `alg` (PS256, RS512 …) is not used at all.
 */
export const algorithmOfKey = (key: KeyObject, declared: string | undefined): TokenAlgorithm | null => {
  const details = key.asymmetricKeyDetails;
  let natural: TokenAlgorithm | null = null;
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= MIN_RSA_BITS) natural = 'RS256';
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') natural = 'ES256';
  if (natural === null) return null;
  return declared === undefined || declared === natural ? natural : null;
};

/**
 * RS256/ES256 tokens checked against the identity provider's JWKS (JWT_JWKS_URL), via jwks-rsa
 * with its cache and its rate limit on fetches. HS256 is never accepted here: the public keys
 * are public, so an HMAC "signed" with one proves nothing.
 */
export class JwksTokenKeys implements TokenKeys {
  readonly algorithms: readonly TokenAlgorithm[] = ['RS256', 'ES256'];
  readonly signingKey = null;
  private readonly logger = new Logger('JwksTokenKeys');
  private readonly parsed = new Map<string, KeyObject>();
  private lastWarning = 0;

  private constructor(private readonly client: JwksClient) {}

  /**
   * jwks-rsa 4 needs jose 6, an ES module: Node ≥ 20.19 loads it, jest on Node 20 cannot. Loading
   * it only when a JWKS is configured keeps every other suite (and HS256 deployments) free of it.
   */
  static async create(jwksUri: string): Promise<JwksTokenKeys> {
    const { JwksClient: Client } = await import('jwks-rsa');
    return new JwksTokenKeys(
      new Client({
        jwksUri,
        cache: true,
        cacheMaxEntries: 16,
        cacheMaxAge: CACHE_MAX_AGE_MS,
        rateLimit: true,
        jwksRequestsPerMinute: JWKS_REQUESTS_PER_MINUTE,
        timeout: JWKS_TIMEOUT_MS,
      }),
    );
  }

  async verificationKey(header: JwtHeader): Promise<KeyObject> {
    if (!(this.algorithms as readonly string[]).includes(header.alg)) throw new TokenKeyError('algorithm not accepted');
    let pem: string;
    let declared: string | undefined;
    try {
      const signing = await this.client.getSigningKey(header.kid);
      pem = signing.getPublicKey();
      declared = typeof signing.alg === 'string' && signing.alg !== '' ? signing.alg : undefined;
    } catch (error) {
      this.warnIfUnreachable(error);
      throw new TokenKeyError('no such key');
    }
    const key = this.parse(pem);
    if (algorithmOfKey(key, declared) !== header.alg) throw new TokenKeyError('key does not fit the algorithm');
    return key;
  }

  private parse(pem: string): KeyObject {
    const known = this.parsed.get(pem);
    if (known) return known;
    const key = createPublicKey(pem);
    if (this.parsed.size >= MAX_PARSED_KEYS) this.parsed.clear();
    this.parsed.set(pem, key);
    return key;
  }

  /** An unknown kid is the caller's problem; an unreachable provider is the operator's. */
  private warnIfUnreachable(error: unknown): void {
    const unreachable =
      typeof error === 'object' &&
      error !== null &&
      (error as { isEndpointUnavailable?: unknown }).isEndpointUnavailable === true;
    const now = Date.now();
    if (!unreachable || now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn('the JWKS endpoint (JWT_JWKS_URL) is unreachable: tokens cannot be verified');
  }
}
