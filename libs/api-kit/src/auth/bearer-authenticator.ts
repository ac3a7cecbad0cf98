import { Injectable } from '@nestjs/common';
import type { Principal } from '@crm/policy';
import { TokenService } from './token.service';

/** Anything with request headers: Fastify's request, or Node's. */
export type RequestWithHeaders = { headers: Record<string, string | string[] | undefined> };

/** `Bearer <compact JWS>`; the scheme is case-insensitive (RFC 7235), the token bounded. */
const BEARER = /^Bearer +([A-Za-z0-9._-]{1,8192})$/i;

/**
 * Who is calling, from the Authorization header, worked out once per request: the rate limiter
 * (which counts per user) and the authentication guard both ask, in either order, and a token's
 * signature is checked only once.
 */
@Injectable()
export class BearerAuthenticator {
  /**
   * The answer is kept on the request under this instance's own key: a WeakMap entry per request
   * was several µs of garbage-collector work each.
   */
  private readonly verified = Symbol('principal');

  constructor(private readonly tokens: TokenService) {}

  principalOf(request: RequestWithHeaders): Promise<Principal | null> {
    const memo = request as RequestWithHeaders & Record<symbol, Promise<Principal | null> | undefined>;
    let pending = memo[this.verified];
    if (pending === undefined) {
      pending = this.verify(request.headers.authorization);
      memo[this.verified] = pending;
    }
    return pending;
  }

  private async verify(header: string | string[] | undefined): Promise<Principal | null> {
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    return match ? this.tokens.verify(match[1]) : null;
  }
}
