import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiClient, freePort, scratchDir, startProcess, waitForHttp, type RunningProcess } from '@crm/testing';

/**
 * Crash safety of the embedded default as a real process: SIGKILL it while concurrent writes are
 * in flight, restart it, and check that every acknowledged write survived and that the projected
 * views equal a rebuild from scratch. Needs the compiled app (`npm test` builds it first).
 */
const MAIN = resolve(__dirname, '../../dist/apps/crm-api/src/main.js');

type Write = { id: string; revision: number; position: string };

describe('crash safety (real process, SIGKILL)', () => {
  const dir = scratchDir('crm-crash');
  const sqlitePath = join(dir.path, 'crm.sqlite');
  const readModelPath = join(dir.path, 'crm.read-models.sqlite');
  let running: RunningProcess | undefined;
  let api: ApiClient;

  const start = async (): Promise<void> => {
    const port = await freePort();
    running = startProcess(MAIN, {
      SQLITE_PATH: sqlitePath,
      READ_MODEL_PATH: readModelPath,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, running);
    const anonymous = new ApiClient(`http://127.0.0.1:${port}`);
    const token = await anonymous.post<{ token: string }>('/v1/dev/tokens', { sub: 'u-crash', role: 'admin' });
    api = anonymous.withToken(token.body.token);
  };

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (!running) return;
    running.child.kill(signal);
    await running.exited;
    running = undefined;
  };

  const views = async (clientIds: string[], minPosition: string) =>
    Promise.all(
      clientIds.map(async (id) => {
        const response = await api.get<Record<string, unknown>>(`/v1/clients/${id}?minPosition=${minPosition}`);
        expect(response.status).toBe(200);
        return response.body;
      }),
    );

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  });

  afterAll(async () => {
    await stop('SIGKILL');
    dir.cleanup();
  });

  it('loses no acknowledged write and the views equal a rebuild', async () => {
    await start();
    await api.post('/v1/managers', { managerId: 'M-1', name: 'Manager One', branchId: 'BR-1', level: 'senior' });
    const clientIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const registered = await api.post<Write>('/v1/clients', {
        branchId: 'BR-1',
        segment: 'sme',
        industry: 'retail',
        legalName: `Client ${i}`,
        registrationNo: `REG-${i}`,
        contact: { phone: '+8612345678' },
        source: 'branch',
      });
      clientIds.push(registered.body.id);
    }

    const acknowledged = new Map<string, number>();
    let killed = false;
    const writer = async (worker: number): Promise<void> => {
      for (let n = 0; !killed; n++) {
        const clientId = clientIds[(worker * 7 + n) % clientIds.length];
        try {
          const response = await api.post<Write>(`/v1/clients/${clientId}/contacts`, {
            managerId: 'M-1',
            channel: 'call',
            purpose: 'consultation',
            summary: `w${worker} n${n}`,
            occurredAt: '2026-01-10T09:00:00Z',
          });
          if (response.status === 201)
            acknowledged.set(clientId, Math.max(acknowledged.get(clientId) ?? -1, response.body.revision));
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, worker) => writer(worker));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    killed = true;
    await stop('SIGKILL');
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThan(0);

    await start();
    const head = (await api.get<{ details: { eventStore: { head: string } } }>('/health/ready')).body.details.eventStore
      .head;
    const afterCrash = await views(clientIds, head);
    for (const view of afterCrash) {
      const acked = acknowledged.get(view.id as string);
      if (acked !== undefined) expect(view.revision as number).toBeGreaterThanOrEqual(acked);
    }

    await stop('SIGTERM');
    rmSync(readModelPath, { force: true });
    rmSync(`${readModelPath}-wal`, { force: true });
    rmSync(`${readModelPath}-shm`, { force: true });
    await start();
    expect(await views(clientIds, head)).toEqual(afterCrash);
  });
});
