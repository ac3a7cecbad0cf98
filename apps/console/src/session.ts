/** Who is signed in, read off the token's claims (the API checks the signature; this is for display and navigation). */
export type Principal = Readonly<{
  userId: string;
  role: string;
  branchId: string | null;
  managerId: string | null;
}>;

const base64UrlJson = (part: string): unknown => {
  const padded = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Null for anything that is not a JWT carrying a subject and a role. */
export const principalOf = (token: string): Principal | null => {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = base64UrlJson(parts[1] ?? '') as Record<string, unknown>;
    const userId = text(claims.sub);
    const role = text(claims.role);
    if (userId === null || role === null) return null;
    return { userId, role, branchId: text(claims.branchId), managerId: text(claims.managerId) };
  } catch {
    return null;
  }
};

/** Where each role starts: the page of its daily work. */
export const homeOf = (principal: Principal): string => {
  switch (principal.role) {
    case 'relationship_manager':
      return '/portfolio';
    case 'risk_officer':
      return '/alerts';
    case 'branch_head':
      return '/branch';
    case 'dpo':
      return '/dpo';
    default:
      return '/clients';
  }
};
