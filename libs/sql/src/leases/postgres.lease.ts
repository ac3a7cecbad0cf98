import { Client } from 'pg';
import type { Lease, LeaseHolder } from '@crm/platform';
import { createSchemaInTransaction, workerLeaseKey, type AdvisoryLockKey } from '../advisory-locks';
import { quoteIdentifier } from '../identifiers';
import { PG_CONNECT_TIMEOUT_MS } from '../pg-pool';

export type PostgresLeaseOptions = Readonly<{
  connectionString: string;
  schema: string;
  /** Shown to other replicas while this process holds the lease (`host/pid`). */
  identity: string;
  /**
   * Seconds of silence after which the server probes, and gives up on, the connection: a holder
   * whose host vanished (no FIN, no RST) loses its session, and so the lock, within about
   * 4 × this (8 s by default). Longer than the holder's own poll + check timeout, so a holder
   * cut off from the database has stopped its worker before the server frees the lock.
   */
  keepaliveSeconds?: number;
}>;

const DEFAULT_KEEPALIVE_SECONDS = 2;

/**
 * A lease held as a session-level advisory lock on a connection of its own. A pooled connection
 * would not do: the lock belongs to the session, so it must neither travel to other queries nor
 * vanish when the pool recycles the connection. The server releases it when the session ends:
 * at once when the holder process dies (the kernel closes its socket), after the keepalive probes
 * when its host or network does. Who holds it is written to `worker_leases`, for readiness only;
 * the lock alone decides.
 */
type Session = { readonly client: Client; lost: boolean };

export class PostgresLease implements Lease {
  private session: Session | null = null;
  private held = false;
  private lostListener: () => void = () => undefined;
  private readonly key: AdvisoryLockKey;

  constructor(
    readonly name: string,
    private readonly options: PostgresLeaseOptions,
  ) {
    this.key = workerLeaseKey(options.schema, name);
  }

  private get table(): string {
    return `${quoteIdentifier(this.options.schema)}.worker_leases`;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held && this.session?.lost === false) return true;
    const client = await this.connection();
    const result = await client.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS acquired', [
      ...this.key,
    ]);
    if (result.rows[0]?.acquired !== true) return false;
    this.held = true;
    await client.query(
      `INSERT INTO ${this.table} (name, holder, since) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, since = excluded.since`,
      [this.name, this.options.identity],
    );
    return true;
  }

  async confirm(): Promise<boolean> {
    const session = this.session;
    if (!this.held || session === null || session.lost) return false;
    // The lock lives as long as the session: a session that answers still holds it.
    await session.client.query('SELECT 1');
    return !session.lost;
  }

  async holder(): Promise<LeaseHolder | null> {
    const client = await this.connection();
    const result = await client.query<{ holder: string; since: Date }>(
      `SELECT holder, since FROM ${this.table} WHERE name = $1`,
      [this.name],
    );
    const row = result.rows[0];
    return row === undefined ? null : { identity: row.holder, since: row.since.toISOString() };
  }

  onLost(listener: () => void): void {
    this.lostListener = listener;
  }

  /** Ends the session, which releases the lock even when the connection is half-broken. */
  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.held = false;
    await session?.client.end().catch(() => undefined);
  }

  private async connection(): Promise<Client> {
    if (this.session !== null && !this.session.lost) return this.session.client;
    await this.release();
    const client = new Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: 1000,
      application_name: `crm lease ${this.name}`.slice(0, 63),
    });
    // A terminated backend or a dropped socket is reported here, and the server has freed (or is
    // freeing) the lock: the holder is told at once. release() unsets the session before ending it,
    // so a release of its own is not reported.
    const session: Session = { client, lost: false };
    const ended = (): void => {
      const heldHere = !session.lost && this.session === session && this.held;
      session.lost = true;
      if (heldHere) this.lostListener();
    };
    client.on('error', ended);
    client.on('end', ended);
    try {
      await client.connect();
      const keepalive = this.options.keepaliveSeconds ?? DEFAULT_KEEPALIVE_SECONDS;
      await client.query(
        `SELECT set_config('tcp_keepalives_idle', $1, false), set_config('tcp_keepalives_interval', $1, false),
                set_config('tcp_keepalives_count', '3', false)`,
        [String(keepalive)],
      );
      await client.query('BEGIN');
      await createSchemaInTransaction(client, this.options.schema);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (name text PRIMARY KEY, holder text NOT NULL, since timestamptz NOT NULL)`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.session = session;
    return client;
  }
}
