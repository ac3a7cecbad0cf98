import { SHIPPED_DEPARTMENTS_FILE } from '@crm/testing';
import { findDepartment, REQUIRED_DEPARTMENTS } from './department';
import { DepartmentsConfigError, parseDepartments } from './departments.config';

const problemsOf = (raw: unknown): readonly string[] => {
  try {
    parseDepartments(raw);
  } catch (error) {
    if (error instanceof DepartmentsConfigError) return error.problems;
    throw error;
  }
  return [];
};

const file = (...extra: unknown[]) => ({ departments: [...SHIPPED_DEPARTMENTS_FILE.departments, ...extra] });

describe('departments file', () => {
  test('the shipped departments: the three feedback went to before, credit approval, operations, two product departments', () => {
    const directory = parseDepartments(SHIPPED_DEPARTMENTS_FILE);
    expect(directory.departments.map((d) => `${d.id}:${d.kind}`)).toEqual([
      'product:product',
      'risk:risk',
      'service:service',
      'credit-approval:credit',
      'operations:operations',
      'cards:product',
      'wealth-management:product',
    ]);
    expect(findDepartment(directory, 'cards')).toEqual({ id: 'cards', name: 'Cards', kind: 'product' });
    for (const unknown of ['legal', 'CARDS', '', 7, null, undefined, '__proto__']) {
      expect(findDepartment(directory, unknown)).toBeNull();
    }
  });

  test('lists every problem at once, naming the entry and never a whole value', () => {
    expect(
      problemsOf(
        file(
          { id: 'Legal Dept', name: 'Legal', kind: 'legal' },
          { id: 'cards', name: ' ', kind: 'product', colour: 'red' },
          'just a string',
        ),
      ),
    ).toEqual([
      'departments[7].id: Legal Dept is not lower-case words joined by hyphens (such as credit-approval)',
      'departments[7].kind: legal is not one of product, risk, service, credit, operations',
      'departments[8]: colour is an unknown key (use id, name, kind)',
      'departments[8].name: must be a non-empty text of at most 120 characters',
      'departments[9]: must be a mapping of id, name, kind',
    ]);
  });

  test('refuses a repeated id', () => {
    expect(problemsOf(file({ id: 'cards', name: 'Cards again', kind: 'product' }))).toEqual([
      'departments[7].id: cards is listed twice',
    ]);
  });

  test.each(REQUIRED_DEPARTMENTS.map((required) => [required.id, required.kind] as const))(
    'keeps %s, of kind %s: earlier feedback names it',
    (id, kind) => {
      const without = SHIPPED_DEPARTMENTS_FILE.departments.filter((d) => d.id !== id);
      expect(problemsOf({ departments: without })).toEqual([
        `departments: ${id} is missing (earlier feedback was forwarded to it)`,
      ]);
      const rekinded = SHIPPED_DEPARTMENTS_FILE.departments.map((d) =>
        d.id === id ? { ...d, kind: kind === 'product' ? 'operations' : 'product' } : d,
      );
      expect(problemsOf({ departments: rekinded })).toEqual([`departments: ${id} must be of kind ${kind}`]);
    },
  );

  test('refuses a file that is not a mapping with a departments list, an empty list or another key', () => {
    for (const raw of [null, [], 'departments', { departments: 'cards' }, {}]) {
      expect(problemsOf(raw)).toEqual(['must be a mapping with a `departments` list']);
    }
    expect(problemsOf({ departments: [] })).toEqual(
      expect.arrayContaining(['departments: must list from 1 to 200 departments']),
    );
    expect(problemsOf({ ...file(), owner: 'ops' })).toEqual(['owner: unknown key (use departments)']);
  });
});
