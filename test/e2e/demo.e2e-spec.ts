import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, scratchDir, startProcess, waitForHttp, type RunningProcess } from '@crm/testing';

const DEMO = resolve(__dirname, '../../dist/test/demo/demo.js');

type Showcase = { clientId: string; managerId: string; branchId: string; contacts: number };

/**
 * `npm run demo` on a small bank: it writes through the deciders (nothing refused), says what to
 * look at, starts the API, and the three things it points at answer with the demo's data.
 */
describe('npm run demo', () => {
  const dir = scratchDir('demo');
  let demo: RunningProcess | null = null;

  const start = async (): Promise<{ base: string; running: RunningProcess }> => {
    const port = await freePort();
    const running = startProcess(DEMO, {
      DEMO_CLIENTS: '200',
      DEMO_DIR: join(dir.path, 'demo'),
      PORT: String(port),
      LOG_FORMAT: 'json',
      RISK_SWEEP_INTERVAL_MS: '0',
    });
    demo = running;
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health/ready`, running, 120_000);
    return { base, running };
  };

  const stop = async (): Promise<void> => {
    demo?.child.kill('SIGTERM');
    await demo?.exited;
    demo = null;
  };

  afterAll(async () => {
    await stop();
    dir.cleanup();
  });

  it('loads a bank through the deciders, then serves the three things it points at', async () => {
    const { base, running } = await start();
    const output = running.output();
    expect(output).toMatch(/demo: [\d,]+ commands in [\d.]+ s; refused: none/);
    const showcase = JSON.parse(readFileSync(join(dir.path, 'demo', 'showcase.json'), 'utf8')) as Showcase;
    for (const id of [showcase.clientId, showcase.managerId, showcase.branchId]) expect(output).toContain(id);

    const minted = await fetch(`${base}/v1/dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'u-demo', role: 'admin' }),
    });
    const { token } = (await minted.json()) as { token: string };
    const get = async <T>(path: string): Promise<T> => {
      const answer = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect([path, answer.status]).toEqual([path, 200]);
      return (await answer.json()) as T;
    };

    const view = await get<{ tier: string; manager: { id: string }; contacts: { total: number }; branchId: string }>(
      `/v1/clients/${showcase.clientId}`,
    );
    expect(view).toMatchObject({ tier: 'core', manager: { id: showcase.managerId }, branchId: showcase.branchId });
    expect(view.contacts.total).toBe(showcase.contacts);
    expect(showcase.contacts).toBeGreaterThan(5);

    const portfolio = await get<{ clients: { id: string }[] }>(`/v1/managers/${showcase.managerId}/portfolio`);
    expect(portfolio.clients.map((client) => client.id)).toContain(showcase.clientId);

    const dashboard = await get<{
      clients: number;
      clientsByTier: { core: number };
      balances: { currency: string; aum: string }[];
    }>(`/v1/branches/${showcase.branchId}/dashboard`);
    expect(dashboard.clients).toBeGreaterThan(10);
    expect(dashboard.clientsByTier.core).toBeGreaterThanOrEqual(1);
    // Opening balances of deposits and wealth products: the branch's assets under management.
    expect(Number(dashboard.balances.find((balance) => balance.currency === 'CNY')?.aum)).toBeGreaterThan(0);
  }, 180_000);

  it('on a second run finds the bank loaded and only starts the API', async () => {
    await stop();
    const { running } = await start();
    expect(running.output()).toContain('is already loaded');
    expect(running.output()).not.toMatch(/commands in/);
  }, 180_000);
});
