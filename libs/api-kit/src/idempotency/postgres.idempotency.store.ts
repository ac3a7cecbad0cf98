import type { Pool } from 'pg';
import {
  assertSchemaName,
  createSchemaInTransaction,
  inTransaction,
  openPool,
  TurnBatch,
  type Settlement,
} from '@crm/sql';
import {
  IDEMPOTENCY_ABANDONED_AFTER_MS,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyClaim,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency.store';
import { PurgeSchedule } from './purge-schedule';

type Row = { request_hash: string; status: number | null; body: unknown; updated_at: string };

type Claim = Readonly<{ scope: string; key: string; requestHash: string; now: Date }>;
type Answer = Readonly<{ scope: string; key: string; status: number; body: string; at: number }>;

const idOf = (entry: Readonly<{ scope: string; key: string }>): string => JSON.stringify([entry.scope, entry.key]);

/**
 * Idempotency answers in PostgreSQL, for servers where several API processes share one database:
 * the claim is a single `INSERT … ON CONFLICT DO NOTHING`, so exactly one process runs a request.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  private readonly purges = new PurgeSchedule();
  /**
   * The claims asked for in one turn of the event loop go to the server as one statement, and so
   * do the answers: a round trip, a statement and a commit per write were most of what a write
   * request cost the database here (the SQLite store groups its writes the same way).
   */
  private readonly claimsOfTurn = new TurnBatch<Claim, IdempotencyClaim>((group) => this.claimAll(group));
  private readonly answersOfTurn = new TurnBatch<Answer>((group) => this.completeAll(group));

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

  claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    return this.claimsOfTurn.add({ scope, key, requestHash, now });
  }

  complete(scope: string, key: string, response: StoredResponse, now: Date): Promise<void> {
    const body = JSON.stringify(response.body);
    return this.answersOfTurn.add({ scope, key, status: response.status, body, at: now.getTime() });
  }

  private async claimAll(group: readonly Claim[]): Promise<Settlement<IdempotencyClaim>[]> {
    // A key asked for twice in one turn is inserted once; the later ask is judged against that row.
    const firsts = new Map<string, Claim>();
    for (const claim of group) if (!firsts.has(idOf(claim))) firsts.set(idOf(claim), claim);
    const fresh = [...firsts.values()];
    const now = group[0]!.now.getTime();
    if (this.purges.due(now))
      await this.pool.query(`DELETE FROM ${this.table} WHERE updated_at < $1`, [now - IDEMPOTENCY_RETENTION_MS]);
    const { rows } = await this.pool.query<{ scope: string; key: string }>(
      `INSERT INTO ${this.table} (scope, key, request_hash, updated_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT DO NOTHING RETURNING scope, key`,
      [
        fresh.map((claim) => claim.scope),
        fresh.map((claim) => claim.key),
        fresh.map((claim) => claim.requestHash),
        fresh.map((claim) => claim.now.getTime()),
      ],
    );
    const inserted = new Set(rows.map(idOf));
    return group.map((claim) => ({
      value:
        firsts.get(idOf(claim)) === claim && inserted.has(idOf(claim))
          ? { outcome: 'claimed' }
          : this.judge(claim.scope, claim.key, claim.requestHash, claim.now),
    }));
  }

  private async completeAll(group: readonly Answer[]): Promise<Settlement<void>[]> {
    await this.pool.query(
      `UPDATE ${this.table} AS kept SET status = answer.status, body = answer.body::jsonb, updated_at = answer.at
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[]) AS answer(scope, key, status, body, at)
       WHERE kept.scope = answer.scope AND kept.key = answer.key`,
      [
        group.map((answer) => answer.scope),
        group.map((answer) => answer.key),
        group.map((answer) => answer.status),
        group.map((answer) => answer.body),
        group.map((answer) => answer.at),
      ],
    );
    return group.map(() => ({ value: undefined }));
  }

  /** A claim on a key that already has a row. */
  private async judge(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
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

  async release(scope: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE scope = $1 AND key = $2`, [scope, key]);
  }

  async close(): Promise<void> {
    await Promise.all([this.claimsOfTurn.drain(), this.answersOfTurn.drain()]);
    await this.pool.end();
  }
}
