import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Plants code in a scratch tree laid out like the project's, lints it with the project's own ESLint
 * configuration (type-aware) in one run of the real CLI (the configuration is ESM, which jest cannot
 * load in process), and checks that each house rule fails on its planted file and on nothing else.
 */
const ROOT = resolve(__dirname, '../..');

const lines = (count: number): string => Array.from({ length: count }, (_, i) => `  total += ${i};`).join('\n');

const PLANTED: Readonly<Record<string, string>> = {
  'clean.ts': 'export const twice = (n: number): number => n * 2;\n',
  'floating.ts':
    'const save = async (): Promise<void> => undefined;\nexport const run = (): void => {\n  save();\n};\n',
  'misused.ts':
    'export const run = (items: number[]): void => {\n  items.forEach(async (item) => {\n    await Promise.resolve(item);\n  });\n};\n',
  'explicit-any.ts': 'export const value: any = 1;\n',
  'unsafe-json.ts': 'export const name = (text: string): string => JSON.parse(text).name;\n',
  'long-function.ts': `export const sum = (): number => {\n  let total = 0;\n${lines(80)}\n  return total;\n};\n`,
  'long-file.ts': `${Array.from({ length: 401 }, (_, i) => `export const c${i} = ${i};`).join('\n')}\n`,
};

type Result = Readonly<{ filePath: string; messages: readonly Readonly<{ ruleId: string | null; message: string }>[] }>;

describe('lint rules', () => {
  let dir: string;
  const rules = new Map<string, string[]>();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-eslint-'));
    mkdirSync(join(dir, 'libs/domain/src'), { recursive: true });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: ['libs'] }),
    );
    for (const [file, code] of Object.entries(PLANTED)) writeFileSync(join(dir, 'libs/domain/src', file), code);
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/eslint'),
      ['--config', join(ROOT, 'eslint.config.mjs'), '--format', 'json', 'libs'],
      {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    if (run.stdout === '') throw new Error(`eslint did not run: ${run.stderr}`);
    for (const result of JSON.parse(run.stdout) as Result[]) {
      rules.set(
        result.filePath.split('/').pop() ?? '',
        result.messages.map((m) => m.ruleId ?? m.message),
      );
    }
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lints every planted file and passes clean code', () => {
    expect([...rules.keys()].sort()).toEqual(Object.keys(PLANTED).sort());
    expect(rules.get('clean.ts')).toEqual([]);
  });

  it('fails a floating promise', () => {
    expect(rules.get('floating.ts')).toEqual(['@typescript-eslint/no-floating-promises']);
  });

  it('fails a promise where a callback must return nothing', () => {
    expect(rules.get('misused.ts')).toEqual(['@typescript-eslint/no-misused-promises']);
  });

  it('fails any, declared or leaking from JSON.parse', () => {
    expect(rules.get('explicit-any.ts')).toEqual(['@typescript-eslint/no-explicit-any']);
    expect(rules.get('unsafe-json.ts')).toEqual(
      expect.arrayContaining(['@typescript-eslint/no-unsafe-member-access', '@typescript-eslint/no-unsafe-return']),
    );
  });

  it('fails a function over 80 lines and a file over 400', () => {
    expect(rules.get('long-function.ts')).toEqual(['max-lines-per-function']);
    expect(rules.get('long-file.ts')).toEqual(['max-lines']);
  });
});
