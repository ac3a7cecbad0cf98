/**
 * Which clients a caller may see, as the queries take it: every client, the clients of one branch,
 * or the clients one manager covers. Derived from the caller once (the access policy in libs/policy)
 * and written into the SQL of every list, so a page is always a page of what the caller may see —
 * never a page of everything with rows removed afterwards (which would break counts and cursors).
 */
export type ClientScope =
  | Readonly<{ kind: 'all' }>
  | Readonly<{ kind: 'branch'; branchId: string }>
  | Readonly<{ kind: 'manager'; managerId: string }>;

export const ALL_CLIENTS: ClientScope = Object.freeze({ kind: 'all' });

/** Where a client sits for scoping: its branch (never changes) and its covering manager (may). */
export type ClientLocation = Readonly<{ branchId: string; managerId: string | null }>;

/** True when a client at `location` is within `scope`. */
export const isInScope = (scope: ClientScope, location: ClientLocation): boolean => {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'branch':
      return location.branchId === scope.branchId;
    case 'manager':
      return location.managerId !== null && location.managerId === scope.managerId;
  }
};
