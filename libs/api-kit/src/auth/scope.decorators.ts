import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UseGuards,
  UseInterceptors,
  type ExecutionContext,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  type ClientScope,
  ACCESS_RULE,
  masksPersonalData,
  permissionRule,
  scopeOf,
  type AccessDeclaration,
  type Permission,
} from '@crm/policy';
import { ALLOWED_ROLES, type RequestWithPrincipal } from './auth.decorators';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ClientAccessGuard } from './client-access.guard';
import { PERSONAL_DATA_ROUTE } from './personal-data-masking.hook';
import { ApiAccessResponses } from '../http/api-responses';

/**
 * Declares what a route needs, from the access policy: the permission's roles (checked by
 * JwtAuthGuard like `@Roles`), its scope check (ClientAccessGuard, on the path id named `param`,
 * `id` by default), for answers with client personal data masking (registerPersonalDataMasking)
 * and, for writes, Idempotency-Key handling. Put it on each route method (not on a class as well:
 * the guard would run twice).
 */
export const Access = (permission: Permission, options: Readonly<{ param?: string }> = {}) => {
  const rule = permissionRule(permission);
  const declaration: AccessDeclaration = { permission, param: options.param ?? 'id' };
  return applyDecorators(
    SetMetadata(ACCESS_RULE, declaration),
    // Services reach a write route's guard, which lets them in by the scopes of their token.
    SetMetadata(ALLOWED_ROLES, rule.mode === 'write' ? [...new Set([...rule.roles, 'service'])] : [...rule.roles]),
    UseGuards(ClientAccessGuard),
    ApiAccessResponses(rule),
    ...(rule.personalData ? [RouteConfig({ [PERSONAL_DATA_ROUTE]: true })] : []),
    // Bound to writes only: an interceptor on every route cost reads more than the read itself.
    ...(rule.mode === 'write' ? [UseInterceptors(IdempotencyInterceptor)] : []),
  );
};

const principalOf = (context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('scope decorators used on a public route');
  return principal;
};

/** The clients the caller may see, for the query's SQL (403 AUTH.CLAIM_MISSING without the claim the role needs). */
export const CurrentScope = createParamDecorator((_: unknown, context: ExecutionContext): ClientScope =>
  scopeOf(principalOf(context)),
);

/** True when the caller sees clients with contact details and registration numbers masked. */
export const MasksPersonalData = createParamDecorator((_: unknown, context: ExecutionContext): boolean =>
  masksPersonalData(principalOf(context)),
);
