import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { SqliteEventStore } from '@crm/event-store';
import { onboardClient, scratchDir, sendClientCommand } from '@crm/testing';

const run = promisify(execFile);
const BACKTEST = resolve(__dirname, '../../dist/apps/risk-monitor/src/backtest.js');
const SHIPPED_RULES = resolve(__dirname, '../../config/risk-rules.yaml');

const DRAWN_92 = '0190a4c2-0000-7000-8000-0000000000c1';
const DRAWN_97 = '0190a4c2-0000-7000-8000-0000000000c2';

type Failure = { code: number; stdout: string; stderr: string };

describe('risk:backtest --compare (the built CLI on a SQLite store)', () => {
  const dir = scratchDir('risk-backtest-cli');
  const sqlite = join(dir.path, 'crm.sqlite');
  const strict = join(dir.path, 'util-095.yaml');
  const backtest = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, [BACKTEST, ...args], {
      env: { ...process.env, SQLITE_PATH: sqlite, LOG_LEVEL: 'warn', ...env },
    });
  const failing = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Failure | null> =>
    backtest(args, env).then(
      () => null,
      (error: Failure) => error,
    );

  beforeAll(async () => {
    const store = SqliteEventStore.open(sqlite, { synchronous: 'NORMAL' });
    try {
      for (const [clientId, drawn] of [
        [DRAWN_92, '920000.00'],
        [DRAWN_97, '970000.00'],
      ] as const) {
        await onboardClient(store, clientId, '2026-03-02T02:00:00.000Z');
        await sendClientCommand(store, clientId, '2026-03-02T03:00:00.000Z', {
          type: 'SetCreditLimit',
          data: { facilityId: 'F-1', limit: '1000000.00', currency: 'CNY' },
        });
        await sendClientCommand(store, clientId, '2026-03-03T03:00:00.000Z', {
          type: 'ReportUtilisation',
          data: { facilityId: 'F-1', drawn },
        });
      }
    } finally {
      await store.close();
    }
    // The shipped rules with EW-UTIL's medium threshold raised from 90% to 95%.
    const rules = parse(readFileSync(SHIPPED_RULES, 'utf8')) as { rules: Record<string, Record<string, unknown>> };
    rules.rules['EW-UTIL'] = { ...rules.rules['EW-UTIL'], medium: '0.95' };
    writeFileSync(strict, stringify(rules));
  });

  afterAll(() => dir.cleanup());

  it('compares two rules files over one replay: per rule A, B, B − A and the clients only one flags', async () => {
    const { stdout } = await backtest(['--compare', SHIPPED_RULES, strict, '--json']);
    const report = JSON.parse(stdout) as { a: string; b: string; events: number; rules: Record<string, unknown> };
    expect(report).toMatchObject({ a: SHIPPED_RULES, b: strict, events: 8 });
    expect(report.rules['EW-UTIL']).toEqual({
      a: { raised: 2, escalated: 0, clients: 2 },
      b: { raised: 1, escalated: 0, clients: 1 },
      difference: { raised: -1, escalated: 0, clients: -1 },
      onlyA: [DRAWN_92],
      onlyB: [],
    });

    const table = await backtest(['--compare', SHIPPED_RULES, strict]);
    expect(table.stdout).toContain(`EW-UTIL  only A  1: ${DRAWN_92}`);
  });

  it('exits 2 naming a bad rules file and its problem, before reading the log', async () => {
    const bad = join(dir.path, 'bad.yaml');
    const rules = parse(readFileSync(SHIPPED_RULES, 'utf8')) as { rules: Record<string, Record<string, unknown>> };
    // A bare number where a quoted ratio is required.
    rules.rules['EW-UTIL'] = { ...rules.rules['EW-UTIL'], medium: 0.95 };
    writeFileSync(bad, stringify(rules));
    // The store path lies under a file, so opening it would fail with 1: the rules are checked first.
    const failure = await failing(['--compare', SHIPPED_RULES, bad, '--json'], {
      SQLITE_PATH: join(strict, 'crm.sqlite'),
    });
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toContain(`invalid risk rules file ${bad}`);
    expect(failure?.stderr).toContain('EW-UTIL');
    expect(failure?.stderr).toContain('usage: npm run risk:backtest');

    const missing = await failing(['--compare', join(dir.path, 'missing.yaml'), strict]);
    expect(missing?.code).toBe(2);
    expect(missing?.stderr).toContain('missing.yaml:\n  - cannot be read (ENOENT)');
  });

  it.each([
    ['one file after --compare', ['--compare', SHIPPED_RULES], '--compare needs exactly two rules files'],
    ['three files', ['--compare', SHIPPED_RULES, strict, strict], '--compare needs exactly two rules files'],
    [
      '--rules with --compare',
      ['--rules', SHIPPED_RULES, '--compare', SHIPPED_RULES, strict],
      '--rules and --compare cannot be used together',
    ],
  ])('exits 2 with a usage line for %s', async (_case, args, message) => {
    const failure = await failing(args);
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain(message);
    expect(failure?.stderr).toContain('usage: npm run risk:backtest');
  });
});
