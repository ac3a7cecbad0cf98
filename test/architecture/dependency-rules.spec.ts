import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Plants a violation of every dependency rule in a throw-away tree laid out like the project's,
 * runs the real dependency-cruiser with the project's configuration over it, and checks that each
 * rule fires on its planted file and on nothing that the layers allow.
 */
const ROOT = resolve(__dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the configuration is CommonJS by dependency-cruiser's convention
const LIB_LAYERS = (require(CONFIG) as { LIB_LAYERS: string[][] }).LIB_LAYERS;

type Violation = Readonly<{ from: string; to: string; rule: Readonly<{ name: string }> }>;
type Plant = Readonly<{ file: string; imports: string; rule: string | null }>;

const importOf = (from: string, to: string): string =>
  `import '${relative(dirname(from), to)
    .replace(/^(?!\.)/, './')
    .replace(/\.ts$/, '')}';\n`;

/** A planted import from one file to another, expected to break `rule` (null: allowed). */
const plant = (file: string, target: string, rule: string | null): Plant => ({ file, imports: target, rule });

const plants = (): Plant[] => {
  const all: Plant[] = [];
  LIB_LAYERS.forEach((libs, layer) => {
    for (const lib of libs) {
      const sibling = libs.find((other) => other !== lib);
      const above = LIB_LAYERS[layer + 1]?.[0];
      const below = LIB_LAYERS[layer - 1]?.[0];
      const upward = sibling ?? above;
      if (upward !== undefined) {
        all.push(plant(`libs/${lib}/src/planted-up.ts`, `libs/${upward}/src/index.ts`, `lib-order-${lib}`));
        all.push(plant(`libs/${lib}/src/planted-up.spec.ts`, `libs/${upward}/src/index.ts`, `lib-order-${lib}-specs`));
      }
      if (below !== undefined && lib !== 'domain') {
        all.push(plant(`libs/${lib}/src/allowed-down.ts`, `libs/${below}/src/index.ts`, null));
      }
      if (lib !== 'domain')
        all.push(plant(`libs/${lib}/src/allowed-testing.spec.ts`, 'libs/testing/src/index.ts', null));
    }
  });
  all.push(plant('libs/domain/src/planted-platform.ts', 'libs/platform/src/index.ts', 'domain-is-pure'));
  all.push(
    plant('libs/domain/src/planted.spec.ts', 'libs/event-store/src/index.ts', 'domain-specs-use-only-testing-helpers'),
  );
  all.push(plant('libs/read-models/src/planted-app.ts', 'apps/crm-api/src/main.ts', 'libs-never-import-apps'));
  all.push(plant('apps/projector/src/planted.ts', 'apps/crm-api/src/main.ts', 'apps-never-import-other-apps'));
  all.push(plant('apps/console/src/planted.ts', 'libs/platform/src/index.ts', 'console-imports-no-lib'));
  all.push(
    plant(
      'apps/projector/src/planted-testing.ts',
      'libs/testing/src/index.ts',
      'production-code-never-imports-testing',
    ),
  );
  all.push(plant('libs/contracts/src/cycle-a.ts', 'libs/contracts/src/cycle-b.ts', 'no-circular'));
  all.push(plant('apps/crm-api/src/allowed.ts', 'libs/api-kit/src/index.ts', null));
  return all;
};

const cruise = (dir: string): Violation[] => {
  const bin = join(ROOT, 'node_modules', '.bin', 'depcruise');
  try {
    const out = execFileSync(bin, ['apps', 'libs', '--config', CONFIG, '--output-type', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
  } catch (error) {
    // depcruise exits non-zero when it finds violations; its JSON report is still on stdout.
    const stdout = (error as { stdout?: string }).stdout;
    if (stdout === undefined || stdout === '') throw error;
    return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  }
};

describe('dependency rules', () => {
  let dir: string;
  let violations: Violation[];
  const planted = plants();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-depcruise-'));
    const write = (file: string, text: string): void => {
      mkdirSync(join(dir, dirname(file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    write('tsconfig.json', '{ "compilerOptions": { "module": "commonjs" } }\n');
    for (const lib of [...LIB_LAYERS.flat(), 'testing']) write(`libs/${lib}/src/index.ts`, 'export const here = 1;\n');
    for (const app of ['crm-api', 'projector']) write(`apps/${app}/src/main.ts`, 'export const here = 1;\n');
    for (const { file, imports } of planted) write(file, importOf(file, imports));
    // The other half of the planted cycle (dependency-cruiser reports a cycle once, at its first edge).
    write('libs/contracts/src/cycle-b.ts', importOf('libs/contracts/src/cycle-b.ts', 'libs/contracts/src/cycle-a.ts'));
    violations = cruise(dir);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('knows the layers of every lib in the tree', () => {
    expect(LIB_LAYERS.flat().sort()).toEqual(
      [
        'api-kit',
        'contracts',
        'domain',
        'event-store',
        'inbound',
        'messaging',
        'platform',
        'policy',
        'read-models',
        'risk',
        'sql',
      ].sort(),
    );
  });

  it.each(planted.filter((p) => p.rule !== null).map((p) => [p.rule, p.file, p.imports]))(
    '%s fails on %s importing %s',
    (rule, file, target) => {
      expect(violations).toContainEqual(
        expect.objectContaining({ from: file, to: target, rule: expect.objectContaining({ name: rule }) }),
      );
    },
  );

  it('lets every lib import the layer below it and its specs use libs/testing', () => {
    const allowedFiles = planted.filter((p) => p.rule === null).map((p) => p.file);
    expect(allowedFiles.length).toBeGreaterThan(8);
    expect(violations.filter((v) => allowedFiles.includes(v.from))).toEqual([]);
  });
});
