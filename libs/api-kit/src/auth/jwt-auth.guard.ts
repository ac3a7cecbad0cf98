import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@crm/domain';
import { ApiError } from '@crm/platform';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type RequestWithPrincipal } from './auth.decorators';
import { BearerAuthenticator, type RequestWithHeaders } from './bearer-authenticator';

/** The one answer to every refused token: the same status, body and header whatever the reason. */
const unauthenticated = (): ApiError =>
  new ApiError(401, 'AUTH.UNAUTHENTICATED', 'A valid bearer token is required.', [], { 'WWW-Authenticate': 'Bearer' });

/**
 * Every route needs a valid bearer token unless marked @Public. A 401 says nothing about why the
 * token was refused (malformed, unsigned, wrong key, expired, wrong issuer …), so it cannot be
 * used to probe keys or clocks.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: BearerAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithPrincipal & RequestWithHeaders>();
    const principal = await this.authenticator.principalOf(request);
    if (!principal) throw unauthenticated();
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ApiError(403, 'AUTH.FORBIDDEN', 'Your role may not do this.');
    }
    return true;
  }
}
