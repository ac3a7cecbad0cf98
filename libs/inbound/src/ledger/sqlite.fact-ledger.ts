import type Database from 'better-sqlite3';
import type { IncomingMessage } from '@crm/messaging';
import { openSqlite } from '@crm/sql';
import type { FactLedger, FactRef, FactStanding, ParkedFact, SettledOutcome } from './fact-ledger.port';

type ParkedRow = {
  seq: number;
  client_id: string;
  source: string;
  fact_id: string;
  origin: string;
  parked_at: string;
};

type PendingSettle = Readonly<{
  source: string;
  factId: string;
  outcome: SettledOutcome;
  done: () => void;
  failed: (error: unknown) => void;
}>;

type StoredOrigin = Omit<IncomingMessage, 'value'> & { value: string | null };

const toRow = (origin: IncomingMessage): string =>
  JSON.stringify({ ...origin, value: origin.value === null ? null : origin.value.toString('base64') });

const fromRow = (row: ParkedRow): ParkedFact => {
  const stored = JSON.parse(row.origin) as StoredOrigin;
  return {
    seq: row.seq,
    clientId: row.client_id,
    source: row.source,
    factId: row.fact_id,
    origin: { ...stored, value: stored.value === null ? null : Buffer.from(stored.value, 'base64') },
    parkedAt: row.parked_at,
  };
};

/**
 * The ingest's ledger in a SQLite file (WAL, synchronous=FULL): a settled fact is remembered across
 * a power cut too, since forgetting one would let a redelivery decide it again after later facts
 * changed the client (a cure refused as not past due, a no-op that now changes something). Settles
 * of the lanes running side by side are committed together, one transaction and one sync per
 * round of the event loop; each caller continues once its own record is durable.
 */
export class SqliteFactLedger implements FactLedger {
  private readonly selectStanding: Database.Statement<
    [{ source: string; factId: string; clientId: string }],
    { standing: FactStanding }
  >;
  private readonly insertSettled: Database.Statement<[string, string, string, string]>;
  private readonly selectDead: Database.Statement<[string, number, string], { found: number }>;
  private readonly insertDead: Database.Statement<[string, number, string, string]>;
  private readonly insertParked: Database.Statement<[string, string, string, string, string]>;
  private readonly selectParkedOf: Database.Statement<[string], ParkedRow>;
  private readonly deleteParked: Database.Statement<[number]>;
  private pending: PendingSettle[] = [];

  private constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS inbound_settled (
        source TEXT NOT NULL,
        fact_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        settled_at TEXT NOT NULL,
        PRIMARY KEY (source, fact_id)
      ) STRICT;
      CREATE TABLE IF NOT EXISTS inbound_dead_lettered (
        topic TEXT NOT NULL,
        partition INTEGER NOT NULL,
        offset TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (topic, partition, offset)
      ) STRICT;
      CREATE TABLE IF NOT EXISTS inbound_parked (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id TEXT NOT NULL,
        source TEXT NOT NULL,
        fact_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        parked_at TEXT NOT NULL,
        UNIQUE (source, fact_id)
      );
      CREATE INDEX IF NOT EXISTS inbound_parked_client ON inbound_parked (client_id, seq);`);
    this.selectStanding = db.prepare(`SELECT CASE
      WHEN EXISTS (SELECT 1 FROM inbound_settled WHERE source = @source AND fact_id = @factId)
        OR EXISTS (SELECT 1 FROM inbound_parked WHERE source = @source AND fact_id = @factId) THEN 'known'
      WHEN EXISTS (SELECT 1 FROM inbound_parked WHERE client_id = @clientId) THEN 'behind-parked'
      ELSE 'new' END AS standing`);
    this.insertSettled = db.prepare(
      'INSERT OR IGNORE INTO inbound_settled (source, fact_id, outcome, settled_at) VALUES (?, ?, ?, ?)',
    );
    this.selectDead = db.prepare(
      'SELECT 1 AS found FROM inbound_dead_lettered WHERE topic = ? AND partition = ? AND offset = ?',
    );
    this.insertDead = db.prepare(
      'INSERT OR IGNORE INTO inbound_dead_lettered (topic, partition, offset, at) VALUES (?, ?, ?, ?)',
    );
    this.insertParked = db.prepare(
      'INSERT OR IGNORE INTO inbound_parked (client_id, source, fact_id, origin, parked_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectParkedOf = db.prepare('SELECT * FROM inbound_parked WHERE client_id = ? ORDER BY seq');
    this.deleteParked = db.prepare('DELETE FROM inbound_parked WHERE seq = ?');
  }

  static open(path: string): SqliteFactLedger {
    return new SqliteFactLedger(openSqlite(path, { synchronous: 'FULL' }));
  }

  async standing(source: string, factId: string, clientId: string): Promise<FactStanding> {
    return this.selectStanding.get({ source, factId, clientId })?.standing ?? 'new';
  }

  /** In-process reads of a cached statement: one per fact costs no round trip. */
  async standings(facts: readonly FactRef[]): Promise<FactStanding[]> {
    return facts.map((fact) => this.selectStanding.get(fact)?.standing ?? 'new');
  }

  settle(source: string, factId: string, outcome: SettledOutcome): Promise<void> {
    return new Promise((done, failed) => {
      if (this.pending.length === 0) setImmediate(() => this.commitPending());
      this.pending.push({ source, factId, outcome, done, failed });
    });
  }

  private commitPending(): void {
    const batch = this.pending;
    this.pending = [];
    const at = new Date().toISOString();
    try {
      this.db.transaction(() => {
        for (const entry of batch) this.insertSettled.run(entry.source, entry.factId, entry.outcome, at);
      })();
    } catch (error) {
      for (const entry of batch) entry.failed(error);
      return;
    }
    for (const entry of batch) entry.done();
  }

  async deadLettered(origin: IncomingMessage): Promise<boolean> {
    return this.selectDead.get(origin.topic, origin.partition, origin.offset) !== undefined;
  }

  async markDeadLettered(origin: IncomingMessage): Promise<void> {
    this.insertDead.run(origin.topic, origin.partition, origin.offset, new Date().toISOString());
  }

  async park(fact: Omit<ParkedFact, 'seq'>): Promise<void> {
    this.insertParked.run(fact.clientId, fact.source, fact.factId, toRow(fact.origin), fact.parkedAt);
  }

  async parkedClients(): Promise<string[]> {
    return this.db
      .prepare<[], { client_id: string }>('SELECT DISTINCT client_id FROM inbound_parked ORDER BY client_id')
      .all()
      .map((row) => row.client_id);
  }

  async parkedOf(clientId: string): Promise<ParkedFact[]> {
    return this.selectParkedOf.all(clientId).map(fromRow);
  }

  async unpark(fact: ParkedFact, outcome: SettledOutcome): Promise<void> {
    this.db.transaction(() => {
      this.deleteParked.run(fact.seq);
      this.insertSettled.run(fact.source, fact.factId, outcome, new Date().toISOString());
    })();
  }

  async parkedCount(): Promise<number> {
    return this.db.prepare<[], { count: number }>('SELECT count(*) AS count FROM inbound_parked').get()?.count ?? 0;
  }

  async close(): Promise<void> {
    // Records still waiting for their round are written, not dropped with the connection.
    if (this.pending.length > 0) this.commitPending();
    this.db.close();
  }
}
