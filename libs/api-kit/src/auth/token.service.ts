import { JwtService, JwtSecretRequestType } from '@nestjs/jwt';
import type { KeyObject } from 'node:crypto';
import { readJwtHeader } from './jwt-header';
import { principalFromClaims, type Principal } from '@crm/policy';
import { TokenKeyError, type TokenAlgorithm, type TokenKeys } from './token-keys';

/**
 * How long a verified token is believed without checking its signature again. Well inside the
 * 10 minutes the JWKS keys are cached for (jwks-token-keys.ts), so a key withdrawn at the identity
 * provider stops working no later than before; its time claims are still checked on every use.
 */
const VERIFIED_FOR_MS = 60_000;
/** Verified tokens kept at most; the oldest goes first (a bound against churn, not a tuning knob). */
const MAX_VERIFIED_TOKENS = 10_000;

type Verified = Readonly<{ principal: Principal; exp: number; nbf: number | undefined; until: number }>;

/** What a token's claims must satisfy beyond its signature (from JWT_ISSUER, JWT_AUDIENCE …). */
export type TokenRules = Readonly<{
  issuer: string | null;
  audience: readonly string[] | null;
  clockToleranceSeconds: number;
  /**
   * Whether a product_department token's departmentId names a configured department (a token for a
   * department the deployment does not have is refused); any well-formed id when not given.
   */
  knownDepartment?: (departmentId: string) => boolean;
}>;

/**
 * Verifies bearer tokens and issues development ones. A token is accepted only when its header
 * names an algorithm of the configured key source and the key it gets is for exactly that
 * algorithm; `exp` is required (a token without one would never expire), `exp`/`nbf` are held
 * to the clock with a small tolerance, and `iss`/`aud` must match when configured.
 */
export class TokenService {
  private readonly jwt: JwtService;
  /**
   * A caller sends the same token on every request, and checking its signature was a tenth of a
   * read's CPU: tokens that verified are kept (by their exact text) for VERIFIED_FOR_MS.
   */
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly keys: TokenKeys,
    private readonly rules: TokenRules,
  ) {
    this.jwt = new JwtService({ secretOrKeyProvider: (type, tokenOrPayload) => this.keyFor(type, tokenOrPayload) });
  }

  /** Null for any token that is malformed, unsigned, wrongly signed, expired, not yet valid or not ours. */
  async verify(token: string): Promise<Principal | null> {
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (Date.now() < known.until) return this.inTime(known) ? known.principal : null;
      this.verified.delete(token);
    }
    const checked = await this.check(token);
    if (checked === null) return null;
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, checked);
    return checked.principal;
  }

  /**
   * jsonwebtoken's own tests of `exp` and `nbf` (whole seconds, with the clock tolerance), for a
   * token whose signature was checked a moment ago.
   */
  private inTime({ exp, nbf }: Verified): boolean {
    const now = Math.floor(Date.now() / 1000);
    const tolerance = this.rules.clockToleranceSeconds;
    return now < exp + tolerance && (nbf === undefined || nbf <= now + tolerance);
  }

  /** The signature and every claim, in full. */
  private async check(token: string): Promise<Verified | null> {
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
      if (typeof claims !== 'object' || claims === null) return null;
      const { exp, nbf } = claims as { exp?: unknown; nbf?: unknown };
      if (typeof exp !== 'number') return null;
      const principal = principalFromClaims(claims);
      if (principal === null) return null;
      const { departmentId } = principal;
      if (departmentId !== undefined && this.rules.knownDepartment?.(departmentId) === false) return null;
      // jsonwebtoken refused an nbf that is not a number.
      return { principal, exp, nbf: nbf as number | undefined, until: Date.now() + VERIFIED_FOR_MS };
    } catch {
      return null;
    }
  }

  /** A token for this principal, valid for the given time; only where tokens are signed here. */
  async issue(principal: Principal, expiresInSeconds: number): Promise<string> {
    const signing = this.keys.signingKey;
    if (signing === null) throw new Error('tokens are issued by the identity provider (JWT_JWKS_URL), not here');
    const { userId, scopes, ...claims } = principal;
    return this.jwt.signAsync(
      { ...claims, ...(scopes !== undefined ? { scope: scopes.join(' ') } : {}) },
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
