import { DEPARTMENT_ID_PATTERN, ROLES, type Role } from '@crm/domain';

/** The authenticated caller, from a verified JWT. */
export type Principal = Readonly<{
  userId: string;
  role: Role;
  branchId?: string;
  managerId?: string;
  /** The department a `product_department` caller answers for (its token's claim); absent for other roles. */
  departmentId?: string;
  /** OAuth scopes from the token's space-separated `scope` claim; what a `service` may write. */
  scopes?: readonly string[];
}>;

const ID_PATTERN = /^[A-Za-z0-9_.@:-]{1,128}$/;
/** RFC 6749 scope tokens, narrowed to what a bank's identity provider issues; a handful per token. */
const SCOPE_PATTERN = /^[A-Za-z0-9_.:/-]{1,64}$/;
const MAX_SCOPES = 32;

/** The `scope` claim's tokens, or null when the claim is present but not a well-formed scope string. */
const scopesOf = (scope: unknown): readonly string[] | null | undefined => {
  if (scope === undefined) return undefined;
  if (typeof scope !== 'string' || scope.length > MAX_SCOPES * 65) return null;
  const scopes = scope.split(' ').filter((token) => token !== '');
  if (scopes.length > MAX_SCOPES || !scopes.every((token) => SCOPE_PATTERN.test(token))) return null;
  return [...new Set(scopes)];
};

/** Claims are hostile input too: only well-formed ids and known roles make a principal. */
export const principalFromClaims = (claims: unknown): Principal | null => {
  if (typeof claims !== 'object' || claims === null) return null;
  const { sub, role, branchId, managerId, departmentId, scope } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || !ID_PATTERN.test(sub)) return null;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  for (const optional of [branchId, managerId]) {
    if (optional !== undefined && (typeof optional !== 'string' || !ID_PATTERN.test(optional))) return null;
  }
  const scopes = scopesOf(scope);
  if (scopes === null) return null;
  // A department's staff are known by their department alone; the claim means nothing on other roles.
  const department = role === 'product_department' ? departmentId : undefined;
  if (role === 'product_department' && (typeof department !== 'string' || !DEPARTMENT_ID_PATTERN.test(department))) {
    return null;
  }
  return {
    userId: sub,
    role: role as Role,
    ...(typeof branchId === 'string' ? { branchId } : {}),
    ...(typeof managerId === 'string' ? { managerId } : {}),
    ...(typeof department === 'string' ? { departmentId: department } : {}),
    ...(scopes !== undefined && scopes.length > 0 ? { scopes } : {}),
  };
};
