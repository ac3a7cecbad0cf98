import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import { eventStoreOptions, openEventStore } from '@crm/event-store';
import { loadStorageConfig } from '@crm/platform';
import {
  openReadModelStore,
  readModelCrypto,
  readModelStoreLocation,
  rebuildIntoNewGeneration,
} from '@crm/read-models';
import {
  createTestSchema,
  describeWithPostgres,
  POSTGRES_TEST_URL,
  scratchDir,
  withTestDatabase,
  type ApiClient,
} from '@crm/testing';
import { expectStatus, registerErasureClient, viewAt, type Write } from './erasure-client';
import { startInProcessApi, type InProcessApi } from './in-process-api';

/**
 * Crypto-shredding on PostgreSQL, down to the server's files (docs/security.md, personal data, keys
 * and erasure; issue 21). A client with distinctive personal data everywhere it can hold some
 * (profile, contact, task, complaint, feedback, satisfaction comment, risk flag note, risk case
 * comment) is recorded, read and searched through the API, then erased by the data-protection
 * officer. Once the API is closed and the server has checkpointed and switched WAL segments, no file
 * of the test database's directory (tables, indexes, TOAST, free-space maps) and no WAL segment
 * written since the test began holds any of the values in the clear, byte-wise in UTF-8, as written
 * or lower-cased (indexes keep lower(legal_name)). Dead row versions count: what the server keeps on
 * disk is what a stolen disk gives away. Rebuilt from the log afterwards, the read models show the
 * credit history and nothing of the rest.
 *
 * Every value carries a word made up for this run, so WAL segments that PostgreSQL recycles (old
 * bytes under a new, later name) cannot bring back an earlier run's values as false hits.
 */

const TAG = Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join('');
const WORD = `Zentrovik${TAG}`;
const digits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join('');

/** The client's personal data, each value distinctive for this run. */
const PERSONAL = {
  word: WORD,
  legalName: `${WORD} Precision Holdings Ltd`,
  registrationNo: `91310000${WORD.toUpperCase()}`,
  phone: `+86 21 ${digits(4)} ${digits(4)}`,
  email: `treasury@${WORD.toLowerCase()}-erasure.example`,
  referredBy: `Referred by ${WORD} Zhou`,
  summary: `${WORD} CFO disclosed a health condition`,
  taskTitle: `Visit ${WORD} chairman in hospital`,
  complaint: `${WORD} director says his home address was mailed to a stranger`,
  feedback: `${WORD} treasurer wants a deposit for his daughter's tuition`,
  satisfaction: `${WORD} owner unhappy with his private banker`,
  riskFlagNote: `${WORD} chairman under personal investigation`,
  caseComment: `Met the ${WORD} CFO at home: divorce proceedings under way`,
} as const;

/** Not personal (a business classification): stays in the clear, so the scan must find it. */
const INDUSTRY = `zentrovik-industry-plain-${TAG.toLowerCase()}`;

const BRANCH = 'BR-ERASE-FILES';
const MANAGER = 'M-ERASE-FILES-1';
const FACILITY = 'FAC-ERASE-FILES-1';

type Callers = { admin: ApiClient; branchHead: ApiClient; dpo: ApiClient; officer: ApiClient };

const callers = async ({ as }: InProcessApi): Promise<Callers> => ({
  admin: await as({ sub: 'u-erase-files-admin', role: 'admin' }),
  branchHead: await as({ sub: 'u-erase-files-head', role: 'branch_head', branchId: BRANCH }),
  dpo: await as({ sub: 'u-erase-files-dpo', role: 'dpo' }),
  officer: await as({ sub: 'u-erase-files-ro', role: 'risk_officer' }),
});

const searchIds = async (api: ApiClient, q: string, position: string): Promise<string[]> => {
  const page = expectStatus(
    await api.get<{ items: { id: string }[] }>(
      `/v1/clients?branchId=${BRANCH}&q=${encodeURIComponent(q)}&minPosition=${position}`,
    ),
    200,
  );
  return page.items.map((item) => item.id);
};

/** Registers the client with its profile and credit history; answers its id. */
const registerClient = ({ admin, branchHead }: Callers): Promise<string> =>
  registerErasureClient(admin, branchHead, {
    branchId: BRANCH,
    managerId: MANAGER,
    facilityId: FACILITY,
    industry: INDUSTRY,
    legalName: PERSONAL.legalName,
    registrationNo: PERSONAL.registrationNo,
    phone: PERSONAL.phone,
    email: PERSONAL.email,
    referredBy: PERSONAL.referredBy,
  });

/** The client's notes, each holding personal text: contact, task, complaint, feedback, survey, flag. */
const addNotes = async ({ branchHead }: Callers, clientId: string): Promise<void> => {
  const post = async (path: string, body: Record<string, unknown>): Promise<void> => {
    expectStatus(await branchHead.post(`/v1/clients/${clientId}/${path}`, body), 201);
  };
  await post('contacts', {
    managerId: MANAGER,
    channel: 'visit',
    purpose: 'relationship',
    summary: PERSONAL.summary,
    occurredAt: '2026-01-10T09:00:00Z',
  });
  await post('tasks', {
    assigneeId: MANAGER,
    title: PERSONAL.taskTitle,
    due: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  await post('complaints', { category: 'privacy', text: PERSONAL.complaint });
  await post('feedback', { department: 'product', text: PERSONAL.feedback });
  await post('satisfaction', { kind: 'nps', score: 9, comment: PERSONAL.satisfaction, managerId: MANAGER });
  // Critical: the embedded risk monitor's EW-FLAGS rule opens a case on it, which takes a comment.
  await post('risk-flags', { type: 'litigation', severity: 'critical', note: PERSONAL.riskFlagNote });
};

/** Waits for the risk case the critical flag opens, and comments on it; answers the write. */
const commentOnCase = async ({ branchHead, officer }: Callers, clientId: string): Promise<Write> => {
  const caseId = `${clientId}.1`;
  const deadline = Date.now() + 15_000;
  while ((await officer.get(`/v1/risk-cases/${caseId}`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`no risk case ${caseId} opened for the critical flag`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return expectStatus(
    await branchHead.post<Write>(`/v1/risk-cases/${caseId}/comments`, { text: PERSONAL.caseComment }),
    201,
  );
};

/** Records everything, reads the view and finds the client by name and registration-number prefix. */
const recordClient = async (api: Callers): Promise<string> => {
  const clientId = await registerClient(api);
  await addNotes(api, clientId);
  const last = await commentOnCase(api, clientId);
  const view = await viewAt(api.branchHead, clientId, last.position);
  expect(view).toMatchObject({
    industry: INDUSTRY,
    legalName: PERSONAL.legalName,
    registrationNo: PERSONAL.registrationNo,
    contact: { phone: PERSONAL.phone, email: PERSONAL.email },
  });
  expect(await searchIds(api.branchHead, WORD, last.position)).toContain(clientId);
  expect(await searchIds(api.branchHead, PERSONAL.registrationNo.slice(0, -2), last.position)).toContain(clientId);
  return clientId;
};

/** Erases as the DPO; the view reads "[erased]" and keeps the credit history. */
const eraseAndCheck = async ({ branchHead, dpo }: Callers, clientId: string): Promise<void> => {
  const erased = expectStatus(
    await dpo.delete<Write>(`/v1/clients/${clientId}/personal-data`, { basis: 'PIPL art. 47, ticket DPO-E2E-21' }),
    200,
  );
  await expectErasedView({ branchHead }, clientId, erased.position);
};

/** The view reads "[erased]" and keeps the credit history; a name search finds nothing. */
const expectErasedView = async (
  { branchHead }: Pick<Callers, 'branchHead'>,
  clientId: string,
  position: string,
): Promise<void> => {
  const view = await viewAt(branchHead, clientId, position);
  expect(view).toMatchObject({
    id: clientId,
    status: 'client',
    branchId: BRANCH,
    industry: INDUSTRY,
    legalName: '[erased]',
    registrationNo: '[erased]',
    contact: { phone: '[erased]', email: '[erased]' },
    erasedAt: expect.any(String),
    credit: { rating: 'BBB', facilities: [expect.objectContaining({ id: FACILITY, limit: '5000000.00' })] },
  });
  expect(JSON.stringify(view)).not.toContain(TAG);
  expect(await searchIds(branchHead, WORD, position)).toEqual([]);
};

/** The client read models rebuilt from the log into new tables, as `npm run projections:rebuild` does. */
const rebuild = async (env: Record<string, string>): Promise<void> => {
  const config = loadStorageConfig(env);
  const events = await openEventStore(eventStoreOptions(config));
  try {
    const crypto = readModelCrypto(events);
    const store = await openReadModelStore(readModelStoreLocation(config), { searchKeys: crypto.searchKeys });
    try {
      await rebuildIntoNewGeneration(crypto.source, store, { opener: crypto.termOpener, retireAfterMs: 0 });
    } finally {
      await store.close();
    }
  } finally {
    await events.close();
  }
};

const one = async (client: Client, sql: string): Promise<string> => {
  const { rows } = await client.query<{ value: string }>(`SELECT (${sql})::text AS value`);
  return rows[0].value;
};

type Server = { dataDir: string; databaseDir: string; startSegment: string };

const server = (): Promise<Server> =>
  withTestDatabase(async (client) => {
    const dataDir = await one(client, "current_setting('data_directory')");
    const oid = await one(client, 'SELECT oid FROM pg_database WHERE datname = current_database()');
    const startSegment = await one(client, 'pg_walfile_name(pg_current_wal_lsn())');
    return { dataDir, databaseDir: join('base', oid), startSegment };
  });

/** Every regular file under `dir`, relative to it; files dropped while listing are skipped. */
const filesUnder = (root: string, dir = ''): string[] =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    try {
      return statSync(join(root, path)).isDirectory() ? filesUnder(root, path) : [path];
    } catch {
      return [];
    }
  });

const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/** The database's files and the WAL segments from the one current when the test began. */
const filesToScan = ({ dataDir, databaseDir, startSegment }: Server): string[] => [
  ...filesUnder(dataDir, databaseDir),
  ...readdirSync(join(dataDir, 'pg_wal'))
    .filter((name) => WAL_SEGMENT.test(name) && name >= startSegment)
    .sort()
    .map((name) => join('pg_wal', name)),
];

/** Each value found in any of the files, as written or lower-cased, as `file: value`. */
const scan = (dataDir: string, files: readonly string[], values: readonly string[]): string[] => {
  const needles = [...new Set(values.flatMap((value) => [value, value.toLowerCase()]))];
  const hits: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dataDir, file));
    } catch {
      continue; // a relation of another suite's schema, dropped meanwhile
    }
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${file}: ${needle}`);
  }
  return hits;
};

/** The relation a file of base/<db>/ belongs to (a TOAST table named with its owner), for the report. */
const relationOf = async (client: Client, file: string): Promise<string> => {
  const node = /^base\/\d+\/(\d+)/.exec(file)?.[1];
  if (node === undefined) return 'WAL';
  const { rows } = await client.query<{ rel: string | null; owner: string | null }>(
    `SELECT c.oid::regclass::text AS rel,
            coalesce(toast.oid, toastindex.oid)::regclass::text AS owner
       FROM pg_class c
       LEFT JOIN pg_class toast ON toast.reltoastrelid = c.oid
       LEFT JOIN pg_index i ON i.indexrelid = c.oid
       LEFT JOIN pg_class toastindex ON toastindex.reltoastrelid = i.indrelid
      WHERE c.oid = pg_filenode_relation(0, $1)`,
    [node],
  );
  if (rows.length === 0) return 'unknown relation';
  return rows[0].owner === null ? String(rows[0].rel) : `${String(rows[0].rel)} of ${rows[0].owner}`;
};

/** The hits with the relation of each file: `base/16384/24601 (crm_x.client_view): value`. */
const named = (hits: readonly string[]): Promise<string[]> =>
  withTestDatabase(async (client) => {
    const out: string[] = [];
    for (const hit of hits) {
      const [file, value] = hit.split(/: (.*)/s);
      out.push(`${file} (${await relationOf(client, file)}): ${value}`);
    }
    return out;
  });

const checkpoint = (switchWal: boolean): Promise<void> =>
  withTestDatabase(async (client) => {
    await client.query('CHECKPOINT');
    if (!switchWal) return;
    await client.query('SELECT pg_switch_wal()');
    await client.query('CHECKPOINT');
  });

describeWithPostgres('erasure of personal data (PostgreSQL, the server’s files)', () => {
  let app: NestFastifyApplication | undefined;
  let schema: string;
  let drop: () => Promise<void> = async () => undefined;
  const dir = scratchDir('crm-erasure-pg-files');

  beforeAll(async () => {
    ({ schema, drop } = await createTestSchema('crm_erasure_files'));
  });

  afterAll(async () => {
    await app?.close();
    await drop();
    dir.cleanup();
  });

  const env = (): Record<string, string> => ({
    EVENT_STORE: 'postgres',
    DATABASE_URL: POSTGRES_TEST_URL,
    DATABASE_SCHEMA: schema,
    SQLITE_PATH: join(dir.path, 'crm.sqlite'),
  });

  const start = async (): Promise<Callers> => {
    const api = await startInProcessApi(env());
    app = api.app;
    return callers(api);
  };

  it('leaves no personal value in any file of the database nor in the WAL written since', async () => {
    const at = await server();
    const api = await start();
    const clientId = await recordClient(api);

    // The scan sees what the server wrote: the industry, not personal, is in a heap file and the WAL.
    await checkpoint(false);
    const plain = scan(at.dataDir, filesToScan(at), [INDUSTRY]);
    expect(plain.some((hit) => hit.startsWith(`${at.databaseDir}/`))).toBe(true);
    expect(plain.some((hit) => hit.startsWith('pg_wal/'))).toBe(true);

    await eraseAndCheck(api, clientId);
    await app?.close();
    app = undefined;
    await checkpoint(true);

    const hits = scan(at.dataDir, filesToScan(at), Object.values(PERSONAL));
    expect(await named(hits)).toEqual([]);

    // Rebuilt from the log into new tables: the key is gone, so nothing comes back but the credit history.
    await rebuild(env());
    const again = await start();
    await expectErasedView(again, clientId, '0');
  }, 90_000);
});
