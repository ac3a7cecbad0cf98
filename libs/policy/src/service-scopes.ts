import { ApiError } from '@crm/platform';
import type { Principal } from './principal';

/**
 * What another system of the bank may write, by OAuth scope. A `service` principal holds no write
 * permission of its role: each write route it may call is listed below with the scopes that let it,
 * and its token must carry one of them in its space-separated `scope` claim. Humans' roles are not
 * affected by scopes. docs/security.md copies both tables: change them together.
 */
export const SERVICE_SCOPES = {
  'crm:credit.report': 'core banking: facility limits, drawn amounts, arrears and their cure',
  'crm:holdings.report': 'core banking: products a client opens and closes, and their balances',
  'crm:financials.report': 'core banking: financial statements of corporate clients',
  'crm:satisfaction.record': 'the survey tool: satisfaction answers',
} as const;

export type ServiceScope = keyof typeof SERVICE_SCOPES;

/** Every write route a service may call (`METHOD /path` as the router registers it), with its scopes. */
export const SERVICE_WRITE_ROUTES: Readonly<Record<string, readonly ServiceScope[]>> = {
  'PUT /v1/clients/:id/facilities/:facilityId': ['crm:credit.report'],
  'POST /v1/clients/:id/facilities/:facilityId/utilisation': ['crm:credit.report'],
  'POST /v1/clients/:id/facilities/:facilityId/past-due': ['crm:credit.report'],
  'DELETE /v1/clients/:id/facilities/:facilityId/past-due': ['crm:credit.report'],
  'POST /v1/clients/:id/products': ['crm:holdings.report'],
  'DELETE /v1/clients/:id/products/:holdingId': ['crm:holdings.report'],
  'PUT /v1/clients/:id/products/:holdingId/balance': ['crm:holdings.report'],
  'POST /v1/clients/:id/financials': ['crm:financials.report'],
  'POST /v1/clients/:id/satisfaction': ['crm:satisfaction.record'],
};

/** Whether a service principal may call the write route `route` (`METHOD /path`). */
export const serviceMayWrite = (principal: Principal, route: string): boolean => {
  const needed = SERVICE_WRITE_ROUTES[route];
  return needed !== undefined && needed.some((scope) => principal.scopes?.includes(scope) === true);
};

/** 403 for a service whose token lacks the scope a route needs; names the scopes that would do (not secret). */
export const scopeMissing = (route: string): ApiError => {
  const needed = SERVICE_WRITE_ROUTES[route] ?? [];
  return new ApiError(403, 'AUTH.SCOPE_MISSING', 'This token lacks the scope this route needs.', [
    {
      field: 'scope',
      message: needed.length === 0 ? 'no service scope allows this route' : `needs one of: ${needed.join(', ')}`,
    },
  ]);
};
