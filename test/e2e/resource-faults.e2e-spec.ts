import { join } from 'node:path';
import {
  mountSmallTmpfs,
  ownPostgresPossible,
  scratchDir,
  startApiProcess,
  startOwnPostgres,
  type ApiClient,
  type ApiProcess,
  type OwnPostgresServer,
  type SmallTmpfs,
} from '@crm/testing';

type Readiness = { status: string; degraded?: string[] };
type Write = { id: string };
type ErrorBody = { code: string; message: string };

const REGISTRATION = {
  branchId: 'BR-1',
  segment: 'corporate',
  industry: 'manufacturing',
  legalName: 'Acme Tools Co., Ltd.',
  registrationNo: '91310000MA1FL0000X',
  contact: { phone: '+86 21 5555 0100', email: 'treasury@acme.example' },
  source: 'referral',
};

const eventually = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

const register = (admin: ApiClient) => admin.post<Write | ErrorBody>('/v1/clients', REGISTRATION);

/** A client registered while storage works, once its view is readable. */
const registeredAndProjected = async (admin: ApiClient): Promise<string> => {
  const first = await register(admin);
  expect(first.status).toBe(201);
  const clientId = (first.body as Write).id;
  await eventually(
    () => admin.get(`/v1/clients/${clientId}`),
    (r) => r.status === 200,
    'the first view',
  );
  return clientId;
};

/** Writes succeed again, their views appear and readiness is back to a plain "ok": nothing restarted. */
const expectResumed = async (api: ApiProcess, admin: ApiClient, what: string): Promise<void> => {
  const resumed = await eventually(
    () => register(admin),
    (r) => r.status === 201,
    what,
  );
  const resumedId = (resumed.body as Write).id;
  await eventually(
    () => admin.get(`/v1/clients/${resumedId}`),
    (r) => r.status === 200,
    'the new client view',
  );
  await eventually(
    () => api.anonymous.get<Readiness>('/health/ready'),
    (r) => r.status === 200 && r.body.status === 'ok',
    'readiness back to ok',
  );
};

/** Runs under CI=true whatever happens (and fails when the resource cannot be made); skips locally. */
const describeIf = (possible: boolean, name: string, reason: string, body: () => void): void => {
  if (possible || process.env.CI === 'true') {
    describe(name, body);
    return;
  }
  process.stderr.write(`skipping "${name}": ${reason}\n`);
  // Skipped only locally, with the line above saying why; under CI=true the suite runs and fails.
  describe.skip(name, body);
};

/**
 * The embedded default on a disk that fills up: a real tmpfs of a few MiB, filled by the test.
 * Writes are refused with 507 and Retry-After, reads go on, readiness says why, and once space
 * is freed the next write succeeds with nothing to restart.
 */
describe('a full disk under the embedded default (a tmpfs of its own)', () => {
  let disk: SmallTmpfs | null = null;
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop();
    disk?.unmount();
  });

  it('answers writes 507 STORAGE.FULL with Retry-After, serves reads, reports it, and resumes when space returns', async () => {
    disk = mountSmallTmpfs(48);
    if (disk === null) {
      if (process.env.CI === 'true') throw new Error('mount -t tmpfs was refused: the run needs root for this suite');
      process.stderr.write('skipping the full-disk case: mount -t tmpfs needs root here\n');
      return;
    }
    api = await startApiProcess({
      SQLITE_PATH: join(disk.path, 'crm.sqlite'),
      RATE_LIMIT_PER_MINUTE: '0',
      // The read path's warm-up and page cache play no part here; keep the files small.
      SQLITE_CACHE_MIB: '2',
    });
    const admin = await api.as('admin');
    const clientId = await registeredAndProjected(admin);

    expect(disk.fill()).toBeGreaterThan(0);
    // SQLite may still fit a write or two in pages its files already hold.
    let refused = await register(admin);
    for (let attempt = 0; refused.status === 201 && attempt < 200; attempt++) refused = await register(admin);
    expect(refused.status).toBe(507);
    expect(refused.body).toMatchObject({ code: 'STORAGE.FULL' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    const read = await admin.get<{ id: string }>(`/v1/clients/${clientId}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(clientId);
    expect((await api.anonymous.get('/health/live')).status).toBe(200);
    const degraded = await api.anonymous.get<Readiness>('/health/ready');
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.degraded).toEqual(expect.arrayContaining([expect.stringMatching(/^storage: full since /)]));

    disk.free();
    await expectResumed(api, admin, 'a write once space is freed');
  });
});

/**
 * PostgreSQL going away under a running API (a server of the test's own, stopped and started by
 * the test): writes answer 503 STORAGE.UNAVAILABLE at once, views kept outside PostgreSQL go on
 * being served, readiness says "degraded" with the cause, the process neither dies nor hangs, and
 * everything resumes by itself when the database is back.
 */
describeIf(ownPostgresPossible(), 'PostgreSQL stopped under a running API', 'initdb/pg_ctl are not on PATH', () => {
  const dir = scratchDir('crm-pg-outage');
  let server: OwnPostgresServer | null = null;
  let api: ApiProcess | null = null;

  afterAll(async () => {
    await api?.stop();
    server?.destroy();
    dir.cleanup();
  });

  it('refuses writes with 503 and Retry-After, serves the views, reports it, and resumes when it returns', async () => {
    server = await startOwnPostgres();
    api = await startApiProcess({
      EVENT_STORE: 'postgres',
      DATABASE_URL: server.url,
      // Views in the embedded read-model store: they can be served while PostgreSQL is away.
      READ_MODEL_STORE: 'sqlite',
      READ_MODEL_PATH: join(dir.path, 'crm.read-models.sqlite'),
      SQLITE_PATH: join(dir.path, 'crm.sqlite'),
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const admin = await api.as('admin');
    const clientId = await registeredAndProjected(admin);

    server.stop();
    const started = Date.now();
    const refused = await register(admin);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'STORAGE.UNAVAILABLE' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.stringify(refused.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres/);

    const read = await admin.get<{ id: string }>(`/v1/clients/${clientId}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(clientId);
    const degraded = await api.anonymous.get<Readiness>('/health/ready');
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.degraded).toEqual(
      expect.arrayContaining([expect.stringMatching(/^database: does not answer/)]),
    );
    expect(JSON.stringify(degraded.body.degraded)).not.toContain('127.0.0.1');

    server.start();
    await expectResumed(api, admin, 'a write once PostgreSQL is back');

    // A stop while the database is away ends the process, rather than waiting on it for good.
    server.stop();
    const stopping = Date.now();
    await api.stop();
    api = null;
    expect(Date.now() - stopping).toBeLessThan(30_000);
  });
});
