import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SingletonWorker, type LeaderWork, type LeaseOpener } from '@crm/platform';
import { leaseOpenerFor } from '@crm/sql';
import { createTestSchema, describeWithPostgres, eventually, POSTGRES_TEST_URL } from '@crm/testing';

/**
 * A lease's holder dies by SIGKILL (no shutdown hook runs): a standby in another process must take
 * over within 10 s, on both backends. The holder is a real child process running the compiled
 * lease (`npm test` builds it first).
 */
const DIST = resolve(__dirname, '../../dist/libs');

const HOLDER_SCRIPT = `
const { leaseOpenerFor } = require(${JSON.stringify(`${DIST}/sql/src/leases/lease-opener.js`)});
const { SingletonWorker } = require(${JSON.stringify(`${DIST}/platform/src/leases/singleton-worker.js`)});
const config = JSON.parse(process.argv[1]);
const quiet = { info() {}, warn() {}, error() {} };
const work = { start: async () => process.stdout.write('LEADING\\n'), stop: async () => process.stdout.write('STOPPED\\n') };
new SingletonWorker(leaseOpenerFor(config, 'child/' + process.pid)('relay'), work,
  { pollIntervalMs: 200, checkTimeoutMs: 2000, identity: 'child/' + process.pid, logger: quiet }).start();
setInterval(() => undefined, 60000);
`;

type LeaseConfig = Parameters<typeof leaseOpenerFor>[0];

const startHolder = (config: LeaseConfig): Promise<ChildProcess> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-e', HOLDER_SCRIPT, JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`holder never led:\n${output}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('LEADING')) {
        clearTimeout(timer);
        resolvePromise(child);
      }
    });
    child.once('exit', () => reject(new Error(`holder exited:\n${output}`)));
  });

/** How long `condition` took to hold (it fails after `timeoutMs`). */
const waitUntil = async (condition: () => boolean, timeoutMs: number): Promise<number> => {
  const started = Date.now();
  await eventually(condition, timeoutMs);
  return Date.now() - started;
};

const takeoverAfterSigkill = async (config: LeaseConfig): Promise<void> => {
  const holder = await startHolder(config);
  let leading = false;
  const work: LeaderWork = {
    start: async () => {
      leading = true;
    },
    stop: async () => {
      leading = false;
    },
  };
  const opener: LeaseOpener = leaseOpenerFor(config, 'standby/jest');
  const standby = new SingletonWorker(opener('relay'), work, {
    pollIntervalMs: 1000,
    checkTimeoutMs: 2000,
    identity: 'standby/jest',
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  try {
    await standby.start();
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 1500));
    expect(leading).toBe(false);
    expect(standby.status().holder?.identity).toBe(`child/${holder.pid}`);

    const exited = new Promise((resolvePromise) => holder.once('exit', resolvePromise));
    holder.kill('SIGKILL');
    await exited;
    const tookOverMs = await waitUntil(() => leading, 10_000);
    expect(tookOverMs).toBeLessThan(10_000);
    expect(standby.status()).toMatchObject({ role: 'leader', holder: { identity: 'standby/jest' } });
  } finally {
    holder.kill('SIGKILL');
    await standby.stop();
  }
};

describe('a worker lease after its holder is SIGKILLed', () => {
  beforeAll(() => {
    if (!existsSync(`${DIST}/sql/src/leases/lease-opener.js`)) throw new Error('run `npm run build` first');
  });

  it('is taken over within 10 s through the SQLite lock file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'crm-lease-kill-'));
    try {
      await takeoverAfterSigkill({
        databaseUrl: null,
        databaseSchema: 'crm',
        sqlitePath: join(directory, 'crm.sqlite'),
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describeWithPostgres('a worker lease on PostgreSQL after its holder is SIGKILLed', () => {
  it('is taken over within 10 s through the advisory lock', async () => {
    const { schema, drop } = await createTestSchema('crm_lease_kill');
    try {
      await takeoverAfterSigkill({ databaseUrl: POSTGRES_TEST_URL, databaseSchema: schema, sqlitePath: '/unused' });
    } finally {
      await drop();
    }
  });
});
