import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  createTestSchema,
  describeWithPostgres,
  POSTGRES_TEST_URL,
  scratchDir,
  startApiProcess,
  type ApiProcess,
} from '@crm/testing';
import {
  CLI,
  expectOneLineRefusal,
  onPostgres,
  OTHER_SECRET,
  registerClient,
  runCli,
  SECRET,
  type Write,
} from './operations-harness';

const admin = async (sql: string): Promise<void> => {
  const client = new Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** The same server, another database. */
const databaseUrl = (database: string): string => POSTGRES_TEST_URL.replace(/\/[^/?]+(\?|$)/, `/${database}$1`);

const run = (command: string, args: readonly string[]): void => {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.error?.message}`);
};

/**
 * The PostgreSQL procedure of docs/operations.md, as written: `npm run backup` refuses and names
 * it; `pg_dump` of the schema while the API serves, `pg_restore` into an empty database,
 * `npm run store:check` (and its refusal of another master key), an API on the restored database
 * serving the same views.
 */
describeWithPostgres('backup on PostgreSQL: pg_dump, pg_restore, store:check', () => {
  const scratch = scratchDir('crm-pg-dump');
  const database = `crm_restore_${process.pid}_${randomBytes(4).toString('hex')}`;
  let schema = '';
  let drop: () => Promise<void> = async () => undefined;
  const apis: ApiProcess[] = [];

  beforeAll(async () => {
    ({ schema, drop } = await createTestSchema('crm_dump'));
    await admin(`CREATE DATABASE "${database}"`);
  });

  afterAll(async () => {
    for (const api of apis) await api.stop();
    await drop();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    scratch.cleanup();
  });

  it('restores a pg_dump of a serving schema that store:check accepts and an API serves unchanged', async () => {
    const source = await startApiProcess(onPostgres(schema, scratch.path));
    apis.push(source);
    const writer = await source.as('admin');
    const clients: Write[] = [];
    for (let n = 0; n < 10; n++) {
      const written = await registerClient(writer, n);
      expect(written.status).toBe(201);
      clients.push(written.body);
    }

    expectOneLineRefusal(
      await runCli(CLI.backup, [join(scratch.path, 'refused')], onPostgres(schema, scratch.path)),
      /the event store is postgres, not SQLite: back it up with pg_dump as docs\/operations\.md describes/,
    );

    const dump = join(scratch.path, 'crm.dump');
    run('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dump}`, POSTGRES_TEST_URL]);
    run('pg_restore', ['--exit-on-error', '--single-transaction', `--dbname=${databaseUrl(database)}`, dump]);

    const restored = { ...onPostgres(schema, scratch.path), DATABASE_URL: databaseUrl(database) };
    const check = await runCli(CLI.check, [], restored);
    expect(check.code).toBe(0);
    const last = clients[clients.length - 1].position;
    expect(check.output).toContain(`last position ${last}`);
    const wrongKey = await runCli(CLI.check, [], { ...restored, DATA_KEY_SECRET: OTHER_SECRET });
    expectOneLineRefusal(wrongKey, /^store:check failed: .*master key/i);
    expect(wrongKey.output).not.toContain(OTHER_SECRET);
    expect(wrongKey.output).not.toContain(SECRET);

    // The dump's read models may be behind its events (the projector runs beside the writes): its
    // projection catches up, as after an SQLite restore.
    const copy = await startApiProcess({ ...restored, WORKERS: 'projector' });
    apis.push(copy);
    const reader = await copy.as('admin');
    for (const client of clients) {
      const expected = await writer.get(`/v1/clients/${client.id}?minPosition=${last}`);
      expect(expected.status).toBe(200);
      expect((await reader.get(`/v1/clients/${client.id}?minPosition=${last}`)).body).toEqual(expected.body);
    }
  }, 120_000);
});
