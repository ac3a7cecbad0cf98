import { Pool } from 'pg';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL } from '@crm/testing';
import { quoteIdentifier } from './identifiers';
import { inTransaction } from './pg-transaction';

describeWithPostgres('inTransaction (PostgreSQL)', () => {
  let pool: Pool;
  let drop: () => Promise<void>;
  let table: string;

  beforeAll(async () => {
    const created = await createTestSchema('crm_sql_tx');
    drop = created.drop;
    table = `${quoteIdentifier(created.schema)}.notes`;
    pool = new Pool({ connectionString: POSTGRES_TEST_URL, max: 2 });
    await pool.query(`CREATE TABLE ${table} (id integer PRIMARY KEY)`);
  });

  afterAll(async () => {
    await pool.end();
    await drop();
  });

  beforeEach(async () => {
    await pool.query(`DELETE FROM ${table}`);
  });

  const ids = async (): Promise<number[]> =>
    (await pool.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((row) => row.id);

  it('commits what the work wrote and resolves with its result', async () => {
    const result = await inTransaction(pool, async (client) => {
      await client.query(`INSERT INTO ${table} (id) VALUES (1), (2)`);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await ids()).toEqual([1, 2]);
  });

  it('runs the work in one transaction: other connections see nothing before the commit', async () => {
    await inTransaction(pool, async (client) => {
      await client.query(`INSERT INTO ${table} (id) VALUES (1)`);
      expect(await ids()).toEqual([]);
    });
    expect(await ids()).toEqual([1]);
  });

  it('rolls back when the work throws, and rejects with the work’s error', async () => {
    const failure = new Error('work failed');
    await expect(
      inTransaction(pool, async (client) => {
        await client.query(`INSERT INTO ${table} (id) VALUES (1)`);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await ids()).toEqual([]);
  });

  it('rolls back when a statement fails, and the connection goes back to the pool usable', async () => {
    await expect(
      inTransaction(pool, async (client) => {
        await client.query(`INSERT INTO ${table} (id) VALUES (1)`);
        await client.query(`INSERT INTO ${table} (id) VALUES (1)`);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await ids()).toEqual([]);
    expect(pool.idleCount).toBe(pool.totalCount);
    await inTransaction(pool, (client) => client.query(`INSERT INTO ${table} (id) VALUES (3)`));
    expect(await ids()).toEqual([3]);
  });

  it('rejects with the work’s error when the connection dies mid-transaction, and the pool recovers', async () => {
    await expect(
      inTransaction(pool, async (client) => {
        client.on('error', () => undefined);
        await client.query(`INSERT INTO ${table} (id) VALUES (1)`);
        await client.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    ).rejects.toMatchObject({ code: '57P01' });
    expect(pool.totalCount).toBe(pool.idleCount);
    expect(await ids()).toEqual([]);
    await inTransaction(pool, (client) => client.query(`INSERT INTO ${table} (id) VALUES (4)`));
    expect(await ids()).toEqual([4]);
  });
});
