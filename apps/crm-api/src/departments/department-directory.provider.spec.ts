import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { shippedDepartments } from '@crm/testing';
import { bootFailureLine } from '../boot-failure';
import { loadDepartmentDirectory } from './department-directory.provider';

describe('the departments the API boots with', () => {
  it('are the shipped file, checked by the domain', () => {
    expect(loadDepartmentDirectory({ departmentsFile: resolve('config/departments.yaml') })).toEqual(
      shippedDepartments(),
    );
  });

  it('stop the boot with one line naming the file and its problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-departments-'));
    try {
      const path = join(dir, 'departments.yaml');
      writeFileSync(path, 'departments:\n  - { id: cards, name: Cards, kind: product }\n');
      let failure: unknown = null;
      try {
        loadDepartmentDirectory({ departmentsFile: path });
      } catch (error) {
        failure = error;
      }
      expect(bootFailureLine(failure, null)).toBe(
        `crm api failed to start: invalid departments file ${path} (DEPARTMENTS_FILE): ` +
          'departments: product is missing (earlier feedback was forwarded to it); ' +
          'departments: risk is missing (earlier feedback was forwarded to it); ' +
          'departments: service is missing (earlier feedback was forwarded to it)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
