import { join, resolve } from 'node:path';
import { toIntegrationMessage } from '@crm/contracts';
import {
  eventStoreOptions,
  openEventLogTable,
  openEventStore,
  type DataKeyRecord,
  type EventRecord,
} from '@crm/event-store';
import { sourceEventOf } from '@crm/messaging';
import { loadStorageConfig } from '@crm/platform';
import { POSTGRES_TEST_URL, startProcess, type ApiClient } from '@crm/testing';

const DIST = resolve(__dirname, '../../../dist/apps');

/** The built operations commands (`npm run backup`, `restore`, `store:*`) and the projection rebuild. */
export const CLI = {
  backup: `${DIST}/crm-api/src/operations/backup.js`,
  restore: `${DIST}/crm-api/src/operations/restore.js`,
  export: `${DIST}/crm-api/src/operations/store-export.js`,
  import: `${DIST}/crm-api/src/operations/store-import.js`,
  check: `${DIST}/crm-api/src/operations/store-check.js`,
  rebuild: `${DIST}/projector/src/rebuild.js`,
} as const;

export type CliRun = Readonly<{ code: number | null; output: string }>;

/** Runs a built command to its end with `env` (and the given arguments). */
export const runCli = async (script: string, args: readonly string[], env: Record<string, string>): Promise<CliRun> => {
  const running = startProcess(script, env, args);
  const code = await running.exited;
  return { code, output: running.output() };
};

export type Write = Readonly<{ id: string; revision: number; position: string }>;

/** Registers a prospect (one event in a new stream), as a relationship manager's client would. */
export const registerClient = (api: ApiClient, n: number) =>
  api.post<Write>('/v1/clients', {
    branchId: 'BR-1',
    segment: 'sme',
    industry: 'retail',
    legalName: `Backup Test ${n} Ltd`,
    registrationNo: `REG-${n}`,
    contact: { phone: `+86${String(10_000_000 + n)}`, email: `c${n}@client.example` },
    source: 'branch',
  });

/** A failed command prints one line: its message, no stack trace. */
export const expectOneLineRefusal = (run: CliRun, pattern: RegExp): void => {
  expect(run.code).toBe(1);
  const lines = run.output.trim().split('\n');
  expect(lines[lines.length - 1]).toMatch(pattern);
  expect(run.output).not.toMatch(/\n\s+at /);
};

export const SECRET = 'migration-test-master-key-material-0123456789abcdef';
export const OTHER_SECRET = 'another-master-key-material-nobody-used-0123456789';

export const onSqlite = (path: string, secret = SECRET): Record<string, string> => ({
  SQLITE_PATH: path,
  DATA_KEY_SECRET: secret,
  // Shorter fsyncs on a loaded machine; durability is not what these suites measure.
  SQLITE_DURABLE: 'false',
});

export const onPostgres = (schema: string, root: string, secret = SECRET): Record<string, string> => ({
  EVENT_STORE: 'postgres',
  DATABASE_URL: POSTGRES_TEST_URL,
  DATABASE_SCHEMA: schema,
  DATA_KEY_SECRET: secret,
  // Nothing should land here (every store follows DATABASE_URL); a stray file stays in the scratch folder.
  SQLITE_PATH: join(root, 'unused', 'crm.sqlite'),
});

/** Everything a store holds of its log and key ring, as the export sees it. */
export const contentOf = async (
  env: Record<string, string>,
): Promise<{ keys: DataKeyRecord[]; events: EventRecord[] }> => {
  const table = await openEventLogTable(eventStoreOptions(loadStorageConfig(env)), 'test');
  try {
    const head = await table.headPosition();
    return { keys: await table.dataKeys('', 100_000), events: await table.events(0n, head, 100_000) };
  } finally {
    await table.close();
  }
};

/** What the relay would publish from a store: each stored event's integration message and its key. */
export const publicationOf = async (env: Record<string, string>) => {
  const store = await openEventStore(eventStoreOptions(loadStorageConfig(env)));
  try {
    return (await store.readAll()).flatMap((event) => {
      const message = toIntegrationMessage(sourceEventOf(event));
      return message === null ? [] : [{ key: message.subject, position: event.position.toString(), message }];
    });
  } finally {
    await store.close();
  }
};
