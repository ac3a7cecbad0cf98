import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@crm/domain';
import type { Principal } from '@crm/policy';

export const PUBLIC_ROUTE = 'crm:public';
export const ALLOWED_ROLES = 'crm:roles';

/** Opens a route to unauthenticated callers (health, docs, dev tokens). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Restricts a route to these roles; routes without it accept any authenticated role. Routes about
 * clients, alerts, portfolios and branches declare `@Access(permission)` instead (scope.decorators.ts),
 * which sets these roles from the access policy and adds its scope checks and masking.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export type RequestWithPrincipal = { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
