import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ApiClient,
  createTestSchema,
  describeWithPostgres,
  freePort,
  POSTGRES_TEST_URL,
  startProcess,
  waitForHttp,
  type RunningProcess,
} from '@crm/testing';

/**
 * Two crm-api processes on one PostgreSQL database, as servers run it: concurrent commands on one
 * client through both never corrupt the stream. Both are candidates for the projector; the one
 * holding its lease projects, the other reads the shared views. Needs the compiled app (`npm test`
 * builds it first).
 */
const MAIN = resolve(__dirname, '../../dist/apps/crm-api/src/main.js');

type Write = { id: string; revision: number; position: string };

/** A crm-api process on `schema` with the defaults a server would run (every worker). */
const startOnPostgres = (schema: string, port: number): RunningProcess =>
  startProcess(MAIN, {
    EVENT_STORE: 'postgres',
    DATABASE_URL: POSTGRES_TEST_URL,
    DATABASE_SCHEMA: schema,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });

describeWithPostgres('two crm-api processes on one PostgreSQL database', () => {
  const processes: RunningProcess[] = [];
  const apis: ApiClient[] = [];
  let dropSchema: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    const { schema, drop } = await createTestSchema('crm_two_api');
    dropSchema = drop;
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const running = startOnPostgres(schema, port);
      processes.push(running);
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`, running);
      const anonymous = new ApiClient(`http://127.0.0.1:${port}`);
      const token = await anonymous.post<{ token: string }>('/v1/dev/tokens', { sub: `u-${i}`, role: 'admin' });
      apis.push(anonymous.withToken(token.body.token));
    }
  }, 60_000);

  afterAll(async () => {
    for (const running of processes) running.child.kill('SIGTERM');
    await Promise.all(processes.map((running) => running.exited));
    await dropSchema();
  });

  const logContact = (api: ApiClient, clientId: string, n: number, headers: Record<string, string> = {}) =>
    api.post<Write>(
      `/v1/clients/${clientId}/contacts`,
      {
        managerId: 'M-1',
        channel: 'call',
        purpose: 'consultation',
        summary: `call ${n}`,
        occurredAt: '2026-01-10T09:00:00Z',
      },
      headers,
    );

  it('lands 100 parallel contact logs on one client through both processes, and the view counts them all', async () => {
    const [a, b] = apis;
    expect(
      (await a.post('/v1/managers', { managerId: 'M-1', name: 'Manager One', branchId: 'BR-1', level: 'senior' }))
        .status,
    ).toBe(201);
    const registered = await b.post<Write>('/v1/clients', {
      branchId: 'BR-1',
      segment: 'sme',
      industry: 'retail',
      legalName: 'Two Process Ltd',
      registrationNo: 'REG-2',
      contact: { phone: '+8612345678' },
      source: 'branch',
    });
    expect(registered.status).toBe(201);
    const clientId = registered.body.id;

    const logs = await Promise.all(Array.from({ length: 100 }, (_, n) => logContact(apis[n % 2], clientId, n)));
    expect(logs.map((response) => response.status)).toEqual(Array(100).fill(201));
    const revisions = logs.map((response) => response.body.revision).sort((x, y) => x - y);
    expect(revisions).toEqual(Array.from({ length: 100 }, (_, n) => n + 1));

    const newest = logs.map((response) => BigInt(response.body.position)).reduce((x, y) => (x > y ? x : y));
    for (const api of apis) {
      const view = await api.get<{ contacts: { total: number }; revision: number }>(
        `/v1/clients/${clientId}?minPosition=${newest}`,
      );
      expect(view.status).toBe(200);
      expect(view.body.contacts.total).toBe(100);
      expect(view.body.revision).toBe(100);
    }

    const racers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => logContact(apis[n % 2], clientId, 1000 + n, { 'if-match': '"100"' })),
    );
    expect(racers.filter((response) => response.status === 201)).toHaveLength(1);
    expect(racers.filter((response) => response.status === 412)).toHaveLength(19);
  });
});

describeWithPostgres('crm-api processes started at the same instant on an empty database', () => {
  it('all become ready, whichever store creates the schema and its tables first', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    for (let round = 0; round < 2; round++) {
      // A name no schema has yet: every process's stores race to create it (and their tables) at boot.
      const { schema, drop } = await createTestSchema('crm_cold_start');
      await drop();
      const started: RunningProcess[] = [];
      try {
        const ports = await Promise.all([freePort(), freePort(), freePort()]);
        for (const port of ports) started.push(startOnPostgres(schema, port));
        await Promise.all(
          ports.map((port, index) => waitForHttp(`http://127.0.0.1:${port}/health/ready`, started[index])),
        );
      } finally {
        for (const running of started) running.child.kill('SIGTERM');
        await Promise.all(started.map((running) => running.exited));
        await drop();
      }
    }
  }, 120_000);
});
