import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { API_MAIN, freePort, scratchDir, startApiProcess, startProcess } from '@crm/testing';

const FIRST_SECRET = 'first-master-secret-0123456789abcdefghij';
const OTHER_SECRET = 'other-master-secret-0123456789abcdefghij';

/** Starts the API, expects it to give up: exit code 1 and everything it printed. */
const failedStart = async (env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> => {
  const running = startProcess(API_MAIN, { LOG_LEVEL: 'info', ...env });
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 45_000);
  const code = await running.exited;
  clearTimeout(timer);
  return {
    code,
    lines: running
      .output()
      .split('\n')
      .filter((line) => line.trim() !== ''),
  };
};

/**
 * What a first start most often meets — a bad setting, no database, a busy port, data written
 * under another master key — ends the process with exactly one line naming the cause and what to
 * do, at the default log level: no stack, no framework chatter, no secret.
 */
describe('a start that cannot succeed', () => {
  const dir = scratchDir('crm-boot');
  let blocker: Server | null = null;

  afterAll(async () => {
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    dir.cleanup();
  });

  const expectOneLine = (result: { code: number | null; lines: string[] }, pattern: RegExp): void => {
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([expect.stringMatching(pattern)]);
    expect(result.lines[0]).not.toMatch(/\bat .+:\d+:\d+|secret-0123|\{"level"/);
  };

  it('names a bad setting', async () => {
    expectOneLine(
      await failedStart({ PORT: 'eighty', SQLITE_PATH: join(dir.path, 'config.sqlite') }),
      /^invalid configuration: PORT must be an integer between 0 and 65535 \(see the configuration table in README\.md\)$/,
    );
    // Checked against the message contracts, not just its shape: a typo would publish nothing.
    expectOneLine(
      await failedStart({
        KAFKA_BROKERS: '127.0.0.1:9',
        KAFKA_PUBLISH_SUPERSEDED: 'bank.crm.PaymentPastDue.v2',
        SQLITE_PATH: join(dir.path, 'config.sqlite'),
      }),
      /^invalid configuration: KAFKA_PUBLISH_SUPERSEDED names bank\.crm\.PaymentPastDue\.v2, which is not a superseded message type/,
    );
  });

  it('names a database that does not answer, without its password', async () => {
    const port = await freePort();
    expectOneLine(
      await failedStart({
        EVENT_STORE: 'postgres',
        DATABASE_URL: `postgres://crm:hunter2-secret-0123@127.0.0.1:${port}/crm`,
        SQLITE_PATH: join(dir.path, 'pg.sqlite'),
        PORT: String(await freePort()),
      }),
      new RegExp(
        `^crm api cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: it does not answer \\(ECONNREFUSED\\); check DATABASE_URL`,
      ),
    );
  });

  it('names a busy port', async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(port, '127.0.0.1', resolve));
    expectOneLine(
      await failedStart({ PORT: String(port), HOST: '127.0.0.1', SQLITE_PATH: join(dir.path, 'port.sqlite') }),
      new RegExp(
        `^crm api cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use; stop what listens there or set PORT$`,
      ),
    );
  });

  it('names data keys wrapped by another master key, and how to move them', async () => {
    const path = join(dir.path, 'keys.sqlite');
    const api = await startApiProcess({ SQLITE_PATH: path, DATA_KEY_SECRET: FIRST_SECRET });
    const admin = await api.as('admin');
    const registered = await admin.post('/v1/clients', {
      branchId: 'BR-1',
      segment: 'corporate',
      industry: 'manufacturing',
      legalName: 'Acme Tools Co., Ltd.',
      registrationNo: '91310000MA1FL0000X',
      contact: { phone: '+86 21 5555 0100' },
      source: 'referral',
    });
    expect(registered.status).toBe(201);
    await api.stop();
    expectOneLine(
      await failedStart({ SQLITE_PATH: path, DATA_KEY_SECRET: OTHER_SECRET, PORT: String(await freePort()) }),
      /^crm api cannot read the stored data keys: they were wrapped with another master key .* DATA_KEY_PREVIOUS_SECRET and run npm run data-keys:rotate/,
    );
  });

  it('starts quietly: one line once listening, naming the address, the store, the workers and the development tokens; ready once its workers run', async () => {
    const api = await startApiProcess({ SQLITE_PATH: join(dir.path, 'quiet.sqlite'), LOG_LEVEL: 'info' });
    const deadline = Date.now() + 10_000;
    while (!api.process.output().includes('listening on') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Ready means working: the first 200 already has the risk monitor's source running.
    let ready = await api.anonymous.get<{ details: { riskMonitor: { running: boolean } } }>('/health/ready');
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ready = await api.anonymous.get<{ details: { riskMonitor: { running: boolean } } }>('/health/ready');
    }
    expect([ready.status, ready.body.details.riskMonitor.running]).toEqual([200, true]);
    await api.stop();
    const lines = api.process.output().split('\n');
    const listening = lines.filter((line) => line.includes('listening on'));
    expect(listening).toEqual([
      expect.stringContaining(
        `crm api listening on ${api.base}; event store sqlite, read models sqlite, workers projector, risk-monitor, development tokens ON`,
      ),
    ]);
    expect(lines.filter((line) => /InstanceLoader|RouterExplorer|RoutesResolver/.test(line))).toEqual([]);
  });
});
