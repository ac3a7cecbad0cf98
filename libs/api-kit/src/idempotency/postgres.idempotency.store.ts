import type { Pool } from 'pg';
import { assertSchemaName, createSchemaInTransaction, inTransaction, openPool } from '@crm/sql';
import {
  IDEMPOTENCY_ABANDONED_AFTER_MS,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyClaim,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency.store';

type Row = { request_hash: string; status: number | null; body: unknown; updated_at: string };

/**
 * Idempotency answers in PostgreSQL, for servers where several API processes share one database:
 * the claim is a single `INSERT … ON CONFLICT DO NOTHING`, so exactly one process runs a request.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  private claims = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  static async open(
    options: Readonly<{ connectionString: string; schema: string }>,
  ): Promise<PostgresIdempotencyStore> {
    assertSchemaName(options.schema);
    // Commits without waiting for the WAL flush, as the SQLite store writes at synchronous=NORMAL
    // (decision 4): the claim is flushed by the append that follows it (WAL order), and an answer
    // lost to a crash of the database server makes a retry name the same ids (decision 5), which
    // the decider refuses as a duplicate. Waiting put two WAL flushes on every write request.
    const pool = openPool({
      connectionString: options.connectionString,
      max: 4,
      options: '-c synchronous_commit=off',
    });
    const table = `"${options.schema}".idempotency_keys`;
    try {
      await inTransaction(pool, async (client) => {
        await createSchemaInTransaction(client, options.schema);
        await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
          scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
          status INTEGER, body JSONB, updated_at BIGINT NOT NULL,
          PRIMARY KEY (scope, key))`);
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresIdempotencyStore(pool, table);
  }

  async claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    if (++this.claims % 1000 === 0) {
      await this.pool.query(`DELETE FROM ${this.table} WHERE updated_at < $1`, [
        now.getTime() - IDEMPOTENCY_RETENTION_MS,
      ]);
    }
    const inserted = await this.pool.query(
      `INSERT INTO ${this.table} (scope, key, request_hash, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [scope, key, requestHash, now.getTime()],
    );
    if (inserted.rowCount === 1) return { outcome: 'claimed' };

    const { rows } = await this.pool.query<Row>(
      `SELECT request_hash, status, body, updated_at FROM ${this.table} WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    // Released (deleted) between the two statements: the caller may simply try again.
    if (!row) return { outcome: 'in_progress' };
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.status !== null) return { outcome: 'replay', response: { status: row.status, body: row.body } };
    if (now.getTime() - Number(row.updated_at) <= IDEMPOTENCY_ABANDONED_AFTER_MS) return { outcome: 'in_progress' };
    // Only one process can take over an abandoned claim: the update matches the timestamp it saw.
    const takenOver = await this.pool.query(
      `UPDATE ${this.table} SET updated_at = $1 WHERE scope = $2 AND key = $3 AND status IS NULL AND updated_at = $4`,
      [now.getTime(), scope, key, row.updated_at],
    );
    return takenOver.rowCount === 1 ? { outcome: 'claimed' } : { outcome: 'in_progress' };
  }

  async complete(scope: string, key: string, response: StoredResponse, now: Date): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET status = $1, body = $2, updated_at = $3 WHERE scope = $4 AND key = $5`,
      [response.status, JSON.stringify(response.body), now.getTime(), scope, key],
    );
  }

  async release(scope: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE scope = $1 AND key = $2`, [scope, key]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
