/**
 * The bank's departments as the CRM knows them (config/departments.yaml, docs/decisions.md §62):
 * where client feedback is forwarded, whose queue answers it, and the internal parties whose
 * service levels are measured. Configured, not coded, so a new product department is a file change.
 */
export const DEPARTMENT_KINDS = ['product', 'risk', 'service', 'credit', 'operations'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export type Department = Readonly<{ id: string; name: string; kind: DepartmentKind }>;

/**
 * The departments every configuration holds, with these kinds: the ids FeedbackForwarded carried
 * before departments were configured, so every event already in the log names a known department.
 */
export const REQUIRED_DEPARTMENTS: readonly Pick<Department, 'id' | 'kind'>[] = [
  { id: 'product', kind: 'product' },
  { id: 'risk', kind: 'risk' },
  { id: 'service', kind: 'service' },
];

/** Lower-case words joined by hyphens (`credit-approval`): a path segment and a token claim as it is. */
export const DEPARTMENT_ID_PATTERN = /^[a-z](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The configured departments in file order, and by id. */
export type DepartmentDirectory = Readonly<{
  departments: readonly Department[];
  byId: ReadonlyMap<string, Department>;
}>;

/** A directory of `departments`, which must have distinct ids (departments.config.ts checks a file for it). */
export const departmentDirectory = (departments: readonly Department[]): DepartmentDirectory => ({
  departments,
  byId: new Map(departments.map((department) => [department.id, department])),
});

/** The department `id` names, or null when it names none (or is not a string at all). */
export const findDepartment = (directory: DepartmentDirectory, id: unknown): Department | null =>
  typeof id === 'string' ? (directory.byId.get(id) ?? null) : null;
