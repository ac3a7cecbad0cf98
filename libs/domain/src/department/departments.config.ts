import {
  DEPARTMENT_ID_PATTERN,
  DEPARTMENT_KINDS,
  departmentDirectory,
  REQUIRED_DEPARTMENTS,
  type Department,
  type DepartmentDirectory,
  type DepartmentKind,
} from './department';
import { isMapping, shownValue } from '../common/config-values';

/**
 * A departments file that cannot be used. It lists every problem at once, so an operator fixes the
 * file in one pass; raised at boot, never while a process runs (an Error, not a DomainError).
 */
export class DepartmentsConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid departments: ${problems.join('; ')}`);
    this.name = 'DepartmentsConfigError';
  }
}

/** A directory, not a registry of the bank's org chart: a few dozen entries at most. */
export const MAX_DEPARTMENTS = 200;
export const MAX_DEPARTMENT_NAME_LENGTH = 120;

const ENTRY_KEYS = ['id', 'name', 'kind'] as const;

const entryOf = (raw: unknown, at: string, problems: string[]): Department | null => {
  if (!isMapping(raw)) {
    problems.push(`${at}: must be a mapping of ${ENTRY_KEYS.join(', ')}`);
    return null;
  }
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!(ENTRY_KEYS as readonly string[]).includes(key)) {
      problems.push(`${at}: ${shownValue(key)} is an unknown key (use ${ENTRY_KEYS.join(', ')})`);
    }
  }
  const { id, name, kind } = raw;
  if (typeof id !== 'string' || !DEPARTMENT_ID_PATTERN.test(id)) {
    problems.push(`${at}.id: ${shownValue(id)} is not lower-case words joined by hyphens (such as credit-approval)`);
  }
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_DEPARTMENT_NAME_LENGTH) {
    problems.push(`${at}.name: must be a non-empty text of at most ${MAX_DEPARTMENT_NAME_LENGTH} characters`);
  }
  if (typeof kind !== 'string' || !(DEPARTMENT_KINDS as readonly string[]).includes(kind)) {
    problems.push(`${at}.kind: ${shownValue(kind)} is not one of ${DEPARTMENT_KINDS.join(', ')}`);
  }
  return problems.length === before ? { id: id as string, name: name as string, kind: kind as DepartmentKind } : null;
};

/**
 * The departments `raw` (a parsed config/departments.yaml) describes, or a DepartmentsConfigError
 * listing every problem:
 *
 *   departments:
 *     - { id: product, name: Product management, kind: product }
 *     - …
 *
 * Ids are distinct, and the required departments (REQUIRED_DEPARTMENTS) are there with their kinds.
 */
export const parseDepartments = (raw: unknown): DepartmentDirectory => {
  if (!isMapping(raw) || !Array.isArray(raw.departments)) {
    throw new DepartmentsConfigError(['must be a mapping with a `departments` list']);
  }
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (key !== 'departments') problems.push(`${shownValue(key)}: unknown key (use departments)`);
  }
  const list: unknown[] = raw.departments;
  if (list.length === 0 || list.length > MAX_DEPARTMENTS) {
    problems.push(`departments: must list from 1 to ${MAX_DEPARTMENTS} departments`);
  }
  const departments: Department[] = [];
  const seen = new Set<string>();
  list.slice(0, MAX_DEPARTMENTS).forEach((entry, index) => {
    const department = entryOf(entry, `departments[${index}]`, problems);
    if (department === null) return;
    if (seen.has(department.id)) problems.push(`departments[${index}].id: ${department.id} is listed twice`);
    seen.add(department.id);
    departments.push(department);
  });
  for (const required of REQUIRED_DEPARTMENTS) {
    const found = departments.find((department) => department.id === required.id);
    if (found === undefined) {
      problems.push(`departments: ${required.id} is missing (earlier feedback was forwarded to it)`);
    } else if (found.kind !== required.kind) {
      problems.push(`departments: ${required.id} must be of kind ${required.kind}`);
    }
  }
  if (problems.length > 0) throw new DepartmentsConfigError(problems);
  return departmentDirectory(departments);
};
