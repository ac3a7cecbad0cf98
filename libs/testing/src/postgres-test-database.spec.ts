import { Client } from 'pg';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL } from './postgres-test-database';

describeWithPostgres('test schemas on PostgreSQL', () => {
  it('creates a schema of its own and drops it with its tables', async () => {
    const { schema, drop } = await createTestSchema();
    const client = new Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    try {
      await client.query(`CREATE TABLE "${schema}".probe (id int)`);
      const exists = async () =>
        (await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])).rowCount;
      expect(await exists()).toBe(1);
      await drop();
      expect(await exists()).toBe(0);
    } finally {
      await client.end();
    }
  });
});
