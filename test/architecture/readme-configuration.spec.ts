import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@crm/platform';
import { ROOT, sourcesUnder, variablesIn, variablesReadByCode } from './code-variables';

/**
 * README.md's configuration table is what an operator reads; the code is what runs. Every variable
 * the code reads is in the table and the other way round, and every default the table states as a
 * value is the one the configuration loader takes: setting a variable to its stated default
 * changes nothing.
 */
const inCode = variablesReadByCode();

type Row = Readonly<{ variables: string[]; defaults: string }>;

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const table = readme.slice(
  readme.indexOf('\n## Configuration'),
  readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 5),
);
const rows: Row[] = table
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => {
    const [, names = '', defaults = ''] = line.split('|');
    return { variables: [...names.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] ?? ''), defaults: defaults.trim() };
  });
const inReadme = new Set(rows.flatMap((row) => row.variables));

/** The value a row states for each of its variables, where it states one (`value`, alone or first). */
const statedDefaults = (row: Row): [string, string][] => {
  const parts = row.variables.length > 1 ? row.defaults.split(' / ') : [row.defaults];
  if (parts.length !== row.variables.length) return [];
  return row.variables.flatMap((variable, index): [string, string][] => {
    const part = parts[index]?.trim() ?? '';
    // "`postgres` if `DATABASE_URL` is set, else …" states a rule, not one value.
    const literal = / if /.test(part) ? null : /^`([^`<>]+)`/.exec(part);
    return literal?.[1] !== undefined ? [[variable, literal[1]]] : [];
  });
};

/** Variables the shared loader reads (the workers' own are checked for presence only). */
const loaderVariables = new Set(
  sourcesUnder(join(ROOT, 'libs/platform/src/config')).flatMap((file) => variablesIn(readFileSync(file, 'utf8'))),
);

describe('README.md configuration table', () => {
  it('lists every variable the code reads, and no other', () => {
    expect([...inCode].filter((name) => !inReadme.has(name)).sort()).toEqual([]);
    expect([...inReadme].filter((name) => !inCode.has(name)).sort()).toEqual([]);
  });

  it('states the defaults the configuration loader takes', () => {
    const checked = rows.flatMap(statedDefaults).filter(([variable]) => loaderVariables.has(variable));
    expect(checked.length).toBeGreaterThan(20);
    const base = loadConfig({});
    const wrong = checked.filter(([variable, value]) => {
      try {
        return JSON.stringify(loadConfig({ [variable]: value })) !== JSON.stringify(base);
      } catch {
        return true;
      }
    });
    expect(wrong).toEqual([]);
  });
});
