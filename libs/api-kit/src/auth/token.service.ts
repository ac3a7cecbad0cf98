import { JwtService, JwtSecretRequestType } from '@nestjs/jwt';
import type { KeyObject } from 'node:crypto';
import { readJwtHeader } from './jwt-header';
import { principalFromClaims, type Principal } from '@crm/policy';
import { TokenKeyError, type TokenAlgorithm, type TokenKeys } from './token-keys';

/** What a token's claims must satisfy beyond its signature (from JWT_ISSUER, JWT_AUDIENCE …). */
export type TokenRules = Readonly<{
  issuer: string | null;
  audience: readonly string[] | null;
  clockToleranceSeconds: number;
}>;

/**
 * Verifies bearer tokens and issues development ones. A token is accepted only when its header
 * names an algorithm of the configured key source and the key it gets is for exactly that
 * algorithm; `exp` is required (a token without one would never expire), `exp`/`nbf` are held
 * to the clock with a small tolerance, and `iss`/`aud` must match when configured.
 */
export class TokenService {
  private readonly jwt: JwtService;

  constructor(
    private readonly keys: TokenKeys,
    private readonly rules: TokenRules,
  ) {
    this.jwt = new JwtService({ secretOrKeyProvider: (type, tokenOrPayload) => this.keyFor(type, tokenOrPayload) });
  }

  /** Null for any token that is malformed, unsigned, wrongly signed, expired, not yet valid or not ours. */
  async verify(token: string): Promise<Principal | null> {
    const header = readJwtHeader(token);
    if (header === null || !(this.keys.algorithms as readonly string[]).includes(header.alg)) return null;
    try {
      const claims: unknown = await this.jwt.verifyAsync(token, {
        // Only the header's own algorithm, already known to be one the key source accepts.
        algorithms: [header.alg as TokenAlgorithm],
        clockTolerance: this.rules.clockToleranceSeconds,
        ...(this.rules.issuer !== null ? { issuer: this.rules.issuer } : {}),
        ...(this.rules.audience !== null && this.rules.audience.length > 0
          ? { audience: [this.rules.audience[0], ...this.rules.audience.slice(1)] as [string, ...string[]] }
          : {}),
      });
      if (typeof claims !== 'object' || claims === null || typeof (claims as { exp?: unknown }).exp !== 'number')
        return null;
      return principalFromClaims(claims);
    } catch {
      return null;
    }
  }

  /** A token for this principal, valid for the given time; only where tokens are signed here. */
  async issue(principal: Principal, expiresInSeconds: number): Promise<string> {
    const signing = this.keys.signingKey;
    if (signing === null) throw new Error('tokens are issued by the identity provider (JWT_JWKS_URL), not here');
    const { userId, ...claims } = principal;
    return this.jwt.signAsync(
      { ...claims },
      {
        subject: userId,
        algorithm: signing.algorithm,
        expiresIn: expiresInSeconds,
        ...(this.rules.issuer !== null ? { issuer: this.rules.issuer } : {}),
        ...(this.rules.audience !== null ? { audience: this.rules.audience[0] } : {}),
      },
    );
  }

  /** Called by jsonwebtoken (through JwtService) with the raw token, so the header is read again. */
  private keyFor(type: JwtSecretRequestType, tokenOrPayload: string | object | Buffer): KeyObject | Promise<KeyObject> {
    if (type === JwtSecretRequestType.SIGN) {
      if (this.keys.signingKey === null) throw new TokenKeyError('no signing key');
      return this.keys.signingKey.key;
    }
    const header = typeof tokenOrPayload === 'string' ? readJwtHeader(tokenOrPayload) : null;
    if (header === null) throw new TokenKeyError('malformed token');
    return this.keys.verificationKey(header);
  }
}
