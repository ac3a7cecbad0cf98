import { Client } from 'pg';
import {
  clientListContract,
  riskCaseListContract,
  agendaContract,
  complaintListContract,
  satisfactionContract,
  feedbackQueueContract,
  createTestSchema,
  describeWithPostgres,
  POSTGRES_TEST_URL,
  projectionRebuildContract,
  readModelStoreContract,
  type ReadModelDump,
  type ReadModelStoreFactory,
} from '@crm/testing';
import type { SqlReadModelStoreOptions } from '../sql/sql.read-model-store';
import { PostgresReadModelStore } from './postgres.read-model-store';

const withClient = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const dump = (schema: string): Promise<ReadModelDump> =>
  withClient(async (client) => {
    const rows = async (sql: string) => (await client.query(sql)).rows;
    // Table names of the live generation: generation 1 unsuffixed, later ones `_g<n>`.
    const [{ live_generation: live }] = (await rows(
      `SELECT live_generation FROM "${schema}".projection_generations WHERE projection = 'client-view'`,
    )) as { live_generation: number }[];
    const g = live === 1 ? '' : `_g${live}`;
    return {
      views: await rows(`SELECT * FROM "${schema}".client_view${g} ORDER BY client_id`),
      timeline: await rows(`SELECT * FROM "${schema}".client_timeline${g} ORDER BY client_id, revision`),
      managers: await rows(`SELECT * FROM "${schema}".managers${g} ORDER BY manager_id`),
      checkpoints: await rows(`SELECT * FROM "${schema}".projection_checkpoints ORDER BY name`),
    };
  });

const tables = (schema: string): Promise<string[]> =>
  withClient(async (client) => {
    const result = await client.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    return result.rows.map((row) => row.table_name);
  });

const open = (schema: string, options: SqlReadModelStoreOptions = {}) =>
  PostgresReadModelStore.open({ connectionString: POSTGRES_TEST_URL, schema, maxConnections: 2, ...options });

describeWithPostgres('PostgresReadModelStore', () => {
  const drops: (() => Promise<void>)[] = [];

  const factory: ReadModelStoreFactory = {
    concurrentWriters: true,
    create: async () => {
      const { schema, drop } = await createTestSchema('crm_rm');
      drops.push(drop);
      return { open: (options) => open(schema, options), dump: () => dump(schema), tables: () => tables(schema) };
    },
    dispose: async () => {
      await Promise.all(drops.splice(0).map((drop) => drop()));
    },
  };

  readModelStoreContract('PostgreSQL', factory);
  clientListContract('PostgreSQL', factory);
  riskCaseListContract('PostgreSQL', factory);
  agendaContract('PostgreSQL', factory);
  complaintListContract('PostgreSQL', factory);
  satisfactionContract('PostgreSQL', factory);
  feedbackQueueContract('PostgreSQL', factory);
  projectionRebuildContract('PostgreSQL', factory);

  it('creates its schema, migrates once when processes start together, and keeps clear of the event store tables', async () => {
    const { schema, drop } = await createTestSchema('crm_rm');
    await withClient((client) => client.query(`DROP SCHEMA "${schema}"`));
    try {
      const stores = await Promise.all([open(schema), open(schema), open(schema)]);
      await Promise.all(stores.map((store) => store.close()));
      expect(await tables(schema)).toEqual([
        'agenda_items',
        'alerts',
        'branch_balances',
        'branch_contributions',
        'branch_core_contacts',
        'branch_figures',
        'client_search_terms',
        'client_timeline',
        'client_view',
        'complaints',
        'department_ratings',
        'feedback',
        'managers',
        'opportunities',
        'projection_checkpoints',
        'projection_generations',
        'read_model_migrations',
        'risk_cases',
        'satisfaction_responses',
        'search_index',
        'service_times',
      ]);
      const versions = await withClient(
        async (client) =>
          (await client.query(`SELECT version FROM "${schema}".read_model_migrations ORDER BY version`)).rows,
      );
      expect(versions).toEqual([
        { version: 1 },
        { version: 2 },
        { version: 3 },
        { version: 4 },
        { version: 5 },
        { version: 6 },
        { version: 7 },
        { version: 8 },
        { version: 9 },
        { version: 10 },
        { version: 11 },
        { version: 12 },
        { version: 13 },
        { version: 14 },
        { version: 15 },
        { version: 16 },
        { version: 17 },
        { version: 18 },
      ]);
    } finally {
      await drop();
    }
  });

  it('refuses a schema name that is not a plain lower-case identifier, before connecting', async () => {
    for (const schema of ['Crm', 'crm; DROP TABLE x', '1crm', 'a'.repeat(64), '']) {
      await expect(
        PostgresReadModelStore.open({ connectionString: 'postgres://nobody@127.0.0.1:1/none', schema }),
      ).rejects.toThrow(/invalid PostgreSQL schema name/);
    }
  });
});
