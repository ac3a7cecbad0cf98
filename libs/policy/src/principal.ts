import { ROLES, type Role } from '@crm/domain';

/** The authenticated caller, from a verified JWT. */
export type Principal = Readonly<{
  userId: string;
  role: Role;
  branchId?: string;
  managerId?: string;
}>;

const ID_PATTERN = /^[A-Za-z0-9_.@:-]{1,128}$/;

/** Claims are hostile input too: only well-formed ids and known roles make a principal. */
export const principalFromClaims = (claims: unknown): Principal | null => {
  if (typeof claims !== 'object' || claims === null) return null;
  const { sub, role, branchId, managerId } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || !ID_PATTERN.test(sub)) return null;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  for (const optional of [branchId, managerId]) {
    if (optional !== undefined && (typeof optional !== 'string' || !ID_PATTERN.test(optional))) return null;
  }
  return {
    userId: sub,
    role: role as Role,
    ...(typeof branchId === 'string' ? { branchId } : {}),
    ...(typeof managerId === 'string' ? { managerId } : {}),
  };
};
