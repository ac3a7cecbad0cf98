import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@crm/domain';
import { ApiError } from '@crm/platform';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type RequestWithPrincipal } from './auth.decorators';
import { BearerAuthenticator, type RequestWithHeaders } from './bearer-authenticator';
import { RouteMetadata } from './route-metadata';

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
  private readonly routes: RouteMetadata<Readonly<{ isPublic: boolean; roles: Role[] | undefined }>>;

  constructor(
    reflector: Reflector,
    private readonly authenticator: BearerAuthenticator,
  ) {
    this.routes = new RouteMetadata((targets) => ({
      isPublic: reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true,
      roles: reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets),
    }));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.routes.of(context);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<RequestWithPrincipal & RequestWithHeaders>();
    const principal = await this.authenticator.principalOf(request);
    if (!principal) throw unauthenticated();
    request.principal = principal;

    if (roles && !roles.includes(principal.role)) {
      throw new ApiError(403, 'AUTH.FORBIDDEN', 'Your role may not do this.');
    }
    return true;
  }
}
