import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@crm/domain';
import { ApiError } from '../http/api-error';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type RequestWithPrincipal } from './auth.decorators';
import { TokenService } from './token.service';

type AuthorizedRequest = RequestWithPrincipal & { headers: Record<string, string | string[] | undefined> };

/**
 * Every route needs a valid bearer token unless marked @Public. A 401 says nothing about why the
 * token was refused, so it cannot be used to probe keys or clocks.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthorizedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._-]{1,4096})$/.exec(header) : null;
    const principal = match ? await this.tokens.verify(match[1]) : null;
    if (!principal) {
      throw new ApiError(401, 'AUTH.UNAUTHENTICATED', 'A valid bearer token is required.', [], {
        'WWW-Authenticate': 'Bearer',
      });
    }
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ApiError(403, 'AUTH.FORBIDDEN', 'Your role may not do this.');
    }
    return true;
  }
}
