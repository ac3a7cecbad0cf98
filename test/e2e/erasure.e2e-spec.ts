import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { SqliteEventStore, type NewEvent } from '@crm/event-store';
import { loadConfig } from '@crm/platform';
import {
  ApiClient,
  createTestSchema,
  describeWithPostgres,
  freePort,
  POSTGRES_TEST_URL,
  scratchDir,
  startProcess,
  waitForHttp,
  type RunningProcess,
} from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';
import { expectStatus, registerErasureClient, viewAt, type View, type Write } from './erasure-client';

/**
 * Crypto-shredding end to end (docs/security.md, personal data, keys and erasure). A client with
 * distinctive personal data, a logged contact and a credit history is erased by the data-protection
 * officer; then every copy of the personal data must be gone, while the credit history stays:
 * - embedded default as a real process: after it stopped, no file of the data directory (event
 *   store, read models, WALs, idempotency, risk state, audit) holds any of the values, byte-wise in
 *   UTF-8 or UTF-16LE; after a restart, and after a rebuild of the read models from the log, the
 *   view still shows "[erased]" and the credit history, and a new name is refused (422);
 * - PostgreSQL in-process: no row of any table of the schema holds any of the values, before the
 *   erasure (the read models keep tokens) or after it; erasure-postgres-files.e2e-spec.ts scans
 *   the database's files and WAL.
 * Needs the compiled app (`npm test` builds it first).
 */
const MAIN = resolve(__dirname, '../../dist/apps/crm-api/src/main.js');

/** Values no other test or fixture uses, so finding one anywhere means it survived the erasure. */
const PERSONAL = {
  legalName: 'Xylqor Erasure Test Holdings Ltd',
  registrationNo: '91310000XYLQOR77Q',
  phone: '+86 21 6130 7719',
  email: 'treasury@xylqor-erasure.example',
  referredBy: 'Referred by Xylqor Zhou',
  summary: 'Xylqor CFO disclosed a health condition',
  // Kept in the read models for the agenda (the view and agenda_items): erasure must reach it there too.
  taskTitle: 'Visit Xylqor chairman in hospital',
  newName: 'Xylqor Renamed After Erasure Ltd',
  // A client recorded before encryption was switched on: its events hold these in plaintext.
  legacyName: 'Plaintext Legacy Qorvath Trading',
  legacyPhone: '+86 755 8120 4431',
  legacySummary: 'Qorvath owner asked about a personal loan',
} as const;

const BRANCH = 'BR-ERASE';
const MANAGER = 'M-ERASE-1';

type Callers = {
  anonymous: ApiClient;
  admin: ApiClient;
  branchHead: ApiClient;
  dpo: ApiClient;
  relationshipManager: ApiClient;
};

const callers = async (baseUrl: string): Promise<Callers> => {
  const anonymous = new ApiClient(baseUrl);
  const tokenFor = async (claims: Record<string, string>): Promise<ApiClient> => {
    const response = await anonymous.post<{ token: string }>('/v1/dev/tokens', claims);
    expect(response.status).toBe(201);
    return anonymous.withToken(response.body.token);
  };
  return {
    anonymous,
    admin: await tokenFor({ sub: 'u-erasure-admin', role: 'admin' }),
    branchHead: await tokenFor({ sub: 'u-erasure-head', role: 'branch_head', branchId: BRANCH }),
    dpo: await tokenFor({ sub: 'u-erasure-dpo', role: 'dpo' }),
    relationshipManager: await tokenFor({
      sub: 'u-erasure-rm',
      role: 'relationship_manager',
      branchId: BRANCH,
      managerId: MANAGER,
    }),
  };
};

/** A client with every kind of personal data the check looks for, a contact and a credit history. */
const recordClient = async ({ admin, branchHead }: Callers): Promise<{ clientId: string; position: string }> => {
  const clientId = await registerErasureClient(admin, branchHead, {
    branchId: BRANCH,
    managerId: MANAGER,
    facilityId: 'FAC-ERASE-1',
    industry: 'precision tools',
    legalName: PERSONAL.legalName,
    registrationNo: PERSONAL.registrationNo,
    phone: PERSONAL.phone,
    email: PERSONAL.email,
    referredBy: PERSONAL.referredBy,
  });
  expectStatus(
    await branchHead.post(`/v1/clients/${clientId}/contacts`, {
      managerId: MANAGER,
      channel: 'visit',
      purpose: 'relationship',
      summary: PERSONAL.summary,
      occurredAt: '2026-01-10T09:00:00Z',
    }),
    201,
  );
  const last = expectStatus(
    await branchHead.post<Write>(`/v1/clients/${clientId}/tasks`, {
      assigneeId: MANAGER,
      title: PERSONAL.taskTitle,
      due: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    }),
    201,
  );

  const before = await viewAt(branchHead, clientId, last.position);
  expect(before).toMatchObject({
    legalName: PERSONAL.legalName,
    registrationNo: PERSONAL.registrationNo,
    contact: { phone: PERSONAL.phone },
  });
  const found = expectStatus(
    await branchHead.get<{ items: { id: string }[] }>(
      `/v1/clients?branchId=${BRANCH}&q=Xylqor&minPosition=${last.position}`,
    ),
    200,
  );
  expect(found.items.map((item) => item.id)).toContain(clientId);
  return { clientId, position: last.position };
};

/** What the view must show after erasure: no personal data, the credit history intact. */
const expectErasedView = (view: View, clientId: string): void => {
  expect(view).toMatchObject({
    id: clientId,
    status: 'client',
    branchId: BRANCH,
    industry: 'precision tools',
    legalName: '[erased]',
    registrationNo: '[erased]',
    contact: { phone: '[erased]', email: '[erased]' },
    erasedAt: expect.any(String),
    manager: { id: MANAGER, level: 'senior' },
    credit: {
      rating: 'BBB',
      facilities: [{ id: 'FAC-ERASE-1', limit: '5000000.00', currency: 'CNY', drawn: '0', daysPastDue: 0 }],
    },
    contacts: { total: 1, last: { occurredAt: '2026-01-10T09:00:00.000Z', channel: 'visit', purpose: 'relationship' } },
  });
  const text = JSON.stringify(view);
  for (const value of Object.values(PERSONAL)) expect([value, text.includes(value)]).toEqual([value, false]);
};

/** Erases as the DPO and checks the API's side of it: refusals, idempotence, the view, search, timeline. */
const eraseAndCheck = async (api: Callers, clientId: string): Promise<Write> => {
  const basis = { basis: 'PIPL art. 47 request, ticket DPO-E2E-1' };
  expectStatus(await api.branchHead.delete(`/v1/clients/${clientId}/personal-data`, basis), 403);
  expectStatus(await api.dpo.delete(`/v1/clients/${clientId}/personal-data`, {}), 400);

  const erased = expectStatus(await api.dpo.delete<Write>(`/v1/clients/${clientId}/personal-data`, basis), 200);
  expect(erased).toEqual({ id: clientId, revision: expect.any(Number), position: expect.stringMatching(/^\d+$/) });
  // Repeating it appends nothing and answers the same revision.
  expect(expectStatus(await api.dpo.delete<Write>(`/v1/clients/${clientId}/personal-data`, basis), 200)).toEqual(
    erased,
  );

  expectErasedView(await viewAt(api.branchHead, clientId, erased.position), clientId);
  // The search columns were overwritten with the document: the old name finds nothing.
  const search = expectStatus(
    await api.branchHead.get<{ items: { id: string }[] }>(
      `/v1/clients?branchId=${BRANCH}&q=Xylqor&minPosition=${erased.position}`,
    ),
    200,
  );
  expect(search.items).toEqual([]);
  const timeline = expectStatus(
    await api.branchHead.get<{ entries: { type: string }[] }>(`/v1/clients/${clientId}/timeline`),
    200,
  );
  expect(timeline.entries[0].type).toBe('PersonalDataErased');
  // The view as it stood before the erasure is rebuilt from the log, where the key is gone too.
  const asOf = encodeURIComponent(new Date(Date.now() - 1).toISOString());
  const past = expectStatus(await api.branchHead.get<View>(`/v1/clients/${clientId}?asOf=${asOf}`), 200);
  expect(JSON.stringify(past)).not.toContain('Xylqor');

  // New personal data is refused; business facts keep flowing.
  const rename = await api.branchHead.patch<{ code: string; message: string }>(`/v1/clients/${clientId}/profile`, {
    legalName: PERSONAL.newName,
  });
  expect(rename.status).toBe(422);
  expect(rename.body.code).toBe('CLIENT.PERSONAL_DATA_ERASED');
  expect(JSON.stringify(rename.body)).not.toContain('Xylqor');
  const contact = await api.branchHead.post<{ code: string }>(`/v1/clients/${clientId}/contacts`, {
    managerId: MANAGER,
    channel: 'call',
    purpose: 'relationship',
    summary: 'Xylqor follow-up call',
    occurredAt: '2026-01-11T09:00:00Z',
  });
  expect([contact.status, contact.body.code]).toEqual([422, 'CLIENT.PERSONAL_DATA_ERASED']);
  expectStatus(
    await api.branchHead.put(`/v1/clients/${clientId}/loan-classification`, {
      classification: 'normal',
      reason: 'review',
    }),
    200,
  );
  return erased;
};

/** A client as a build before crypto-shredding wrote it: personal fields in plaintext in the log. */
const LEGACY_CLIENT = '0190a4c2-1e9a-7000-8000-00000000a11c';

const recordLegacyClient = async (sqlitePath: string): Promise<void> => {
  const store = SqliteEventStore.open(sqlitePath);
  const metadata = {
    occurredAt: '2025-06-01T08:00:00.000Z',
    correlationId: 'legacy',
    causationId: 'legacy',
    actor: { userId: 'u-legacy', role: 'branch_head' },
  };
  const event = (eventId: string, type: string, data: unknown): NewEvent => ({
    eventId,
    type,
    data,
    metadata,
    schemaVersion: 1,
  });
  await store.appendToStream(
    `client-${LEGACY_CLIENT}`,
    [
      event('0190a4c2-1e9a-7000-8000-0000000000e1', 'ProspectRegistered', {
        clientId: LEGACY_CLIENT,
        branchId: BRANCH,
        segment: 'sme',
        industry: 'trading',
        legalName: PERSONAL.legacyName,
        registrationNo: 'LEGACY-REG-1',
        contact: { phone: PERSONAL.legacyPhone },
        source: 'branch',
      }),
      event('0190a4c2-1e9a-7000-8000-0000000000e2', 'ContactLogged', {
        contactId: 'legacy-contact-1',
        managerId: MANAGER,
        channel: 'call',
        purpose: 'consultation',
        summary: PERSONAL.legacySummary,
        occurredAt: '2025-06-01T08:00:00.000Z',
      }),
    ],
    { expectedRevision: 'no_stream' },
  );
  await store.close();
};

/** Every regular file under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/** Each personal value found in any file, as `file: value (encoding)`. */
const traces = (dir: string): string[] => {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const value of Object.values(PERSONAL)) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        if (bytes.includes(Buffer.from(value, encoding)))
          found.push(`${file.slice(dir.length + 1)}: ${value} (${encoding})`);
      }
    }
  }
  return found;
};

describe('erasure of personal data (real process, SQLite files)', () => {
  const dir = scratchDir('crm-erasure');
  const sqlitePath = join(dir.path, 'crm.sqlite');
  const readModelPath = join(dir.path, 'crm.read-models.sqlite');
  let running: RunningProcess | undefined;
  let api: Callers;

  const start = async (): Promise<void> => {
    const port = await freePort();
    running = startProcess(MAIN, { SQLITE_PATH: sqlitePath, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, running);
    api = await callers(`http://127.0.0.1:${port}`);
  };

  const stop = async (): Promise<void> => {
    if (!running) return;
    const { child, exited, output } = running;
    running = undefined;
    child.kill('SIGTERM');
    // Nest closes the app on SIGTERM, then re-raises the signal: no exit code means that signal.
    const code = await exited;
    if (code !== 0 && code !== null)
      throw new Error(`the API did not stop cleanly (exit ${String(code)}):\n${output()}`);
  };

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  });

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await running?.exited;
    dir.cleanup();
  });

  it('leaves no trace of the personal data in any file, and keeps the credit history', async () => {
    await recordLegacyClient(sqlitePath);
    await start();
    const { clientId } = await recordClient(api);
    // The values really are on disk before the erasure (read models, WAL): the scan can see them.
    await stop();
    expect(traces(dir.path).length).toBeGreaterThan(0);

    await start();
    const erased = await eraseAndCheck(api, clientId);
    // The legacy client's plaintext events are rewritten in place by the same erasure.
    const legacy = expectStatus(
      await api.dpo.delete<Write>(`/v1/clients/${LEGACY_CLIENT}/personal-data`, {
        basis: 'PIPL art. 47, ticket DPO-E2E-2',
      }),
      200,
    );
    const legacyView = await viewAt(api.branchHead, LEGACY_CLIENT, legacy.position);
    expect(legacyView).toMatchObject({
      legalName: '[erased]',
      registrationNo: '[erased]',
      contact: { phone: '[erased]' },
      contacts: { total: 1 },
    });
    await stop();
    expect(traces(dir.path)).toEqual([]);

    // After a restart: the same view, the same refusal.
    await start();
    expectErasedView(await viewAt(api.branchHead, clientId, erased.position), clientId);
    expect(
      (await api.branchHead.patch(`/v1/clients/${clientId}/profile`, { legalName: PERSONAL.newName })).status,
    ).toBe(422);
    await stop();

    // The read models rebuilt from the log: the key is gone, so the log cannot bring anything back.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${readModelPath}${suffix}`, { force: true });
    await start();
    const head = (await api.anonymous.get<{ details: { eventStore: { head: string } } }>('/health/ready')).body.details
      .eventStore.head;
    expectErasedView(await viewAt(api.branchHead, clientId, head), clientId);
    await stop();
    expect(traces(dir.path)).toEqual([]);
  });
});

describeWithPostgres('erasure of personal data (PostgreSQL, in-process)', () => {
  let app: NestFastifyApplication | undefined;
  let schema: string;
  let drop: () => Promise<void> = async () => undefined;
  const dir = scratchDir('crm-erasure-pg');

  beforeAll(async () => {
    ({ schema, drop } = await createTestSchema('crm_erasure'));
  });

  afterAll(async () => {
    await app?.close();
    await drop();
    dir.cleanup();
  });

  /** The text of every row of every table in the schema. */
  const rowsText = async (): Promise<string[]> => {
    const client = new Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
        [schema],
      );
      const texts: string[] = [];
      for (const { table_name: table } of tables) {
        const { rows } = await client.query<{ text: string }>(
          `SELECT t::text AS text FROM "${schema}"."${table.replace(/"/g, '""')}" t`,
        );
        texts.push(...rows.map((row) => `${table}: ${row.text}`));
      }
      return texts;
    } finally {
      await client.end();
    }
  };

  const found = (texts: readonly string[]): string[] =>
    texts.flatMap((text) =>
      Object.values(PERSONAL)
        .filter((value) => text.includes(value))
        .map((value) => `${text.slice(0, text.indexOf(':'))}: ${value}`),
    );

  it('no row of any table holds the personal data after erasure, and the credit history stays', async () => {
    const config = loadConfig({
      EVENT_STORE: 'postgres',
      DATABASE_URL: POSTGRES_TEST_URL,
      DATABASE_SCHEMA: schema,
      SQLITE_PATH: join(dir.path, 'crm.sqlite'),
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    app = await createCrmApi(config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    const api = await callers(`http://127.0.0.1:${address.port}`);

    const { clientId } = await recordClient(api);
    // Not even before the erasure: the read models hold tokens and search terms, never the values;
    // the rows are there all the same (the plain industry is found).
    const before = await rowsText();
    expect(found(before)).toEqual([]);
    expect(before.some((text) => text.startsWith('client_view:') && text.includes('precision tools'))).toBe(true);
    await eraseAndCheck(api, clientId);
    expect(found(await rowsText())).toEqual([]);
  });
});
