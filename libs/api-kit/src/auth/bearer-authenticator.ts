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
  private readonly verified = new WeakMap<object, Promise<Principal | null>>();

  constructor(private readonly tokens: TokenService) {}

  principalOf(request: RequestWithHeaders): Promise<Principal | null> {
    let pending = this.verified.get(request);
    if (pending === undefined) {
      pending = this.verify(request.headers.authorization);
      this.verified.set(request, pending);
    }
    return pending;
  }

  private async verify(header: string | string[] | undefined): Promise<Principal | null> {
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    return match ? this.tokens.verify(match[1]) : null;
  }
}
