import type { ClientScope } from '@crm/policy';

/**
 * The SQL condition (and its one bound value) restricting rows to `scope`, on the given branch and
 * manager columns; null for every client. Each scope kind is one statement text, so callers cache
 * statements per kind.
 */
export const scopeCondition = (
  scope: ClientScope | undefined,
  columns: Readonly<{ branchId: string; managerId: string }>,
): Readonly<{ sql: string; value: string }> | null => {
  if (scope === undefined) return null;
  switch (scope.kind) {
    case 'all':
      return null;
    case 'branch':
      return { sql: `${columns.branchId} = ?`, value: scope.branchId };
    case 'manager':
      return { sql: `${columns.managerId} = ?`, value: scope.managerId };
  }
};
