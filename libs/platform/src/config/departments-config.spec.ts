import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SHIPPED_DEPARTMENTS_FILE } from '@crm/testing';
import { DepartmentsFileError, loadDepartmentsConfig, loadDepartmentsFile } from './departments-config';

const asIs = (raw: unknown): unknown => raw;

describe('departments file loading', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-departments-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads config/departments.yaml by default, another file from DEPARTMENTS_FILE', () => {
    expect(loadDepartmentsConfig({})).toEqual({ departmentsFile: resolve('config/departments.yaml') });
    expect(loadDepartmentsConfig({ DEPARTMENTS_FILE: '/etc/crm/departments.yaml' })).toEqual({
      departmentsFile: '/etc/crm/departments.yaml',
    });
  });

  it('ships the departments the specs use (libs/testing)', () => {
    expect(loadDepartmentsFile(loadDepartmentsConfig({}).departmentsFile, asIs)).toEqual(SHIPPED_DEPARTMENTS_FILE);
  });

  it('names the file and every problem the validator lists', () => {
    const path = write('bad.yaml', 'departments: []\n');
    const refuse = (): never => {
      throw Object.assign(new Error('invalid'), { problems: ['departments: must list from 1 to 200', 'second'] });
    };
    expect(() => loadDepartmentsFile(path, refuse)).toThrow(
      new DepartmentsFileError(path, ['departments: must list from 1 to 200', 'second']),
    );
    expect(() => loadDepartmentsFile(path, refuse)).toThrow(
      `invalid departments file ${path} (DEPARTMENTS_FILE): departments: must list from 1 to 200; second`,
    );
  });

  it('refuses a file that cannot be read or is not YAML, and lets other errors through', () => {
    expect(() => loadDepartmentsFile(join(dir, 'missing.yaml'), asIs)).toThrow(/cannot be read \(ENOENT\)/);
    expect(() => loadDepartmentsFile(write('broken.yaml', 'departments: [\n'), asIs)).toThrow(/is not YAML/);
    expect(() =>
      loadDepartmentsFile(write('fine.yaml', 'departments: []\n'), () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});
