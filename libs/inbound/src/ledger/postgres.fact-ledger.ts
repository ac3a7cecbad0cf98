import type { Pool } from 'pg';
import type { IncomingMessage } from '@crm/messaging';
import { assertSchemaName, createSchemaInTransaction, inTransaction, openPool, quoteIdentifier } from '@crm/sql';
import type { FactLedger, FactRef, FactStanding, ParkedFact, SettledOutcome } from './fact-ledger.port';

type ParkedRow = {
  seq: string;
  client_id: string;
  source: string;
  fact_id: string;
  origin: StoredOrigin;
  parked_at: string;
};
type StoredOrigin = Omit<IncomingMessage, 'value'> & { value: string | null };
type PendingSettle = Readonly<{
  source: string;
  factId: string;
  outcome: SettledOutcome;
  done: () => void;
  failed: (error: unknown) => void;
}>;

/**
 * The ingest's ledger in PostgreSQL, beside a PostgreSQL store: it survives the pod, so a replica
 * that takes over the ingest's lease finds what the last one settled and parked. Commits wait for
 * the WAL flush (the default), for the reason the SQLite ledger syncs; settles of lanes running
 * side by side go in one statement per event-loop round.
 */
export class PostgresFactLedger implements FactLedger {
  private pending: PendingSettle[] = [];

  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async open(options: Readonly<{ connectionString: string; schema: string }>): Promise<PostgresFactLedger> {
    const s = quoteIdentifier(assertSchemaName(options.schema));
    // Up to DEFAULT_INGEST_CONCURRENCY lanes each ask for a fact's standing: a few more connections
    // than the risk monitor's keep them from queueing behind one another.
    const pool = openPool({ connectionString: options.connectionString, max: 16 });
    await inTransaction(pool, async (client) => {
      await createSchemaInTransaction(client, options.schema);
      await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.inbound_settled (
        source text NOT NULL,
        fact_id text NOT NULL,
        outcome text NOT NULL,
        settled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, fact_id)
      );
      CREATE TABLE IF NOT EXISTS ${s}.inbound_dead_lettered (
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic, partition, "offset")
      );
      CREATE TABLE IF NOT EXISTS ${s}.inbound_parked (
        seq bigserial PRIMARY KEY,
        client_id text NOT NULL,
        source text NOT NULL,
        fact_id text NOT NULL,
        origin jsonb NOT NULL,
        parked_at text NOT NULL,
        UNIQUE (source, fact_id)
      );
      CREATE INDEX IF NOT EXISTS inbound_parked_client ON ${s}.inbound_parked (client_id, seq);`);
    });
    return new PostgresFactLedger(pool, options.schema);
  }

  private get t(): string {
    return quoteIdentifier(this.schema);
  }

  async standing(source: string, factId: string, clientId: string): Promise<FactStanding> {
    const { rows } = await this.pool.query<{ standing: FactStanding }>(
      `SELECT CASE
         WHEN EXISTS (SELECT 1 FROM ${this.t}.inbound_settled WHERE source = $1 AND fact_id = $2)
           OR EXISTS (SELECT 1 FROM ${this.t}.inbound_parked WHERE source = $1 AND fact_id = $2) THEN 'known'
         WHEN EXISTS (SELECT 1 FROM ${this.t}.inbound_parked WHERE client_id = $3) THEN 'behind-parked'
         ELSE 'new' END AS standing`,
      [source, factId, clientId],
    );
    return rows[0]?.standing ?? 'new';
  }

  async standings(facts: readonly FactRef[]): Promise<FactStanding[]> {
    if (facts.length === 0) return [];
    const { rows } = await this.pool.query<{ standing: FactStanding }>(
      `SELECT CASE
         WHEN EXISTS (SELECT 1 FROM ${this.t}.inbound_settled s WHERE s.source = a.source AND s.fact_id = a.fact_id)
           OR EXISTS (SELECT 1 FROM ${this.t}.inbound_parked p WHERE p.source = a.source AND p.fact_id = a.fact_id)
           THEN 'known'
         WHEN EXISTS (SELECT 1 FROM ${this.t}.inbound_parked p WHERE p.client_id = a.client_id) THEN 'behind-parked'
         ELSE 'new' END AS standing
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS a(source, fact_id, client_id, n)
       ORDER BY a.n`,
      [facts.map((f) => f.source), facts.map((f) => f.factId), facts.map((f) => f.clientId)],
    );
    return rows.map((row) => row.standing);
  }

  settle(source: string, factId: string, outcome: SettledOutcome): Promise<void> {
    return new Promise((done, failed) => {
      if (this.pending.length === 0) setImmediate(() => void this.commitPending());
      this.pending.push({ source, factId, outcome, done, failed });
    });
  }

  private async commitPending(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      await this.pool.query(
        `INSERT INTO ${this.t}.inbound_settled (source, fact_id, outcome)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
        [batch.map((entry) => entry.source), batch.map((entry) => entry.factId), batch.map((entry) => entry.outcome)],
      );
    } catch (error) {
      for (const entry of batch) entry.failed(error);
      return;
    }
    for (const entry of batch) entry.done();
  }

  async deadLettered(origin: IncomingMessage): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ${this.t}.inbound_dead_lettered WHERE topic = $1 AND partition = $2 AND "offset" = $3`,
      [origin.topic, origin.partition, origin.offset],
    );
    return rows.length > 0;
  }

  async markDeadLettered(origin: IncomingMessage): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.t}.inbound_dead_lettered (topic, partition, "offset") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [origin.topic, origin.partition, origin.offset],
    );
  }

  async park(fact: Omit<ParkedFact, 'seq'>): Promise<void> {
    const origin: StoredOrigin = {
      ...fact.origin,
      value: fact.origin.value === null ? null : fact.origin.value.toString('base64'),
    };
    await this.pool.query(
      `INSERT INTO ${this.t}.inbound_parked (client_id, source, fact_id, origin, parked_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [fact.clientId, fact.source, fact.factId, JSON.stringify(origin), fact.parkedAt],
    );
  }

  async parkedClients(): Promise<string[]> {
    const { rows } = await this.pool.query<{ client_id: string }>(
      `SELECT DISTINCT client_id FROM ${this.t}.inbound_parked ORDER BY client_id`,
    );
    return rows.map((row) => row.client_id);
  }

  async parkedOf(clientId: string): Promise<ParkedFact[]> {
    const { rows } = await this.pool.query<ParkedRow>(
      `SELECT seq, client_id, source, fact_id, origin, parked_at FROM ${this.t}.inbound_parked
       WHERE client_id = $1 ORDER BY seq`,
      [clientId],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      clientId: row.client_id,
      source: row.source,
      factId: row.fact_id,
      origin: { ...row.origin, value: row.origin.value === null ? null : Buffer.from(row.origin.value, 'base64') },
      parkedAt: row.parked_at,
    }));
  }

  async unpark(fact: ParkedFact, outcome: SettledOutcome): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(`DELETE FROM ${this.t}.inbound_parked WHERE seq = $1`, [fact.seq]);
      await client.query(
        `INSERT INTO ${this.t}.inbound_settled (source, fact_id, outcome) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [fact.source, fact.factId, outcome],
      );
    });
  }

  async parkedCount(): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(`SELECT count(*) AS count FROM ${this.t}.inbound_parked`);
    return Number(rows[0]?.count ?? 0);
  }

  async close(): Promise<void> {
    // Records still waiting for their round are written, not dropped with the pool.
    if (this.pending.length > 0) await this.commitPending();
    await this.pool.end();
  }
}
