import { Client } from 'pg';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL } from '@crm/testing';
import { clientSearchSql } from '../sql/sql.client-list.repository';
import { PostgresDialect } from './postgres.dialect';
import { toNumberedPlaceholders } from './postgres.placeholders';
import { PostgresReadModelStore } from './postgres.read-model-store';

/**
 * Whether the list queries can start from their indexes on PostgreSQL. Sequential scans are
 * switched off: on a near-empty table the planner rightly prefers them, which says nothing about
 * whether an index matches the condition at a million rows.
 */
describeWithPostgres('PostgreSQL client list query plans', () => {
  let schema: string;
  let drop: () => Promise<void>;
  let client: Client;

  beforeAll(async () => {
    ({ schema, drop } = await createTestSchema('crm_plans'));
    await (
      await PostgresReadModelStore.open({ connectionString: POSTGRES_TEST_URL, schema, maxConnections: 1 })
    ).close();
    client = new Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    await client.query('SET enable_seqscan = off');
  });

  afterAll(async () => {
    await client.end();
    await drop();
  });

  const none = { managerId: false, branchId: false, tier: false, riskLevel: false, creditApproval: false, q: false };
  const plan = async (filters: typeof none, values: unknown[]): Promise<string> => {
    const sql = toNumberedPlaceholders(clientSearchSql(new PostgresDialect(schema), filters));
    const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values);
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  };

  it('pages each filter off its (filter, client_id) index', async () => {
    for (const [filter, index] of [
      ['managerId', 'client_view_by_manager_id'],
      ['branchId', 'client_view_by_branch_id'],
      ['tier', 'client_view_by_tier'],
      ['riskLevel', 'client_view_by_risk_level'],
      ['creditApproval', 'client_view_by_credit_approval'],
    ] as const) {
      expect(await plan({ ...none, [filter]: true }, ['', 'x', 51])).toContain(index);
    }
  });

  it("finds q's terms through the search index's key", async () => {
    const detail = await plan({ ...none, q: true }, [1, 'term-n', '', 1, 'term-r', '', 51]);
    expect(detail).toContain('client_search_terms_pkey');
    expect(detail).toMatch(/key_version = 1/);
  });
});
