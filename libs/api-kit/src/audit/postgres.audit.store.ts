import type { Pool } from 'pg';
import {
  ADVISORY_LOCK_CLASS,
  advisoryLockKey,
  assertSchemaName,
  createSchemaInTransaction,
  inTransaction,
  openPool,
  takeTransactionLock,
} from '@crm/sql';
import {
  accessLogEntryOf,
  type AccessLogCursor,
  type AccessLogEntry,
  type AccessLogPage,
  type AccessLogRow,
} from './access-log';
import { pageOf, type AuditStore } from './audit.store';

type Row = AccessLogRow<Date>;

const toEntry = (row: Row): AccessLogEntry => accessLogEntryOf(row, row.at.getTime());

/**
 * The access log in PostgreSQL (`<DATABASE_SCHEMA>.access_log`), on a small pool of its own so a
 * busy event store never holds up an audit batch, nor the reverse. Append-only in three layers:
 * docs/security.md (Read audit, PostgreSQL roles).
 */
export class PostgresAuditStore implements AuditStore {
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  static async open(options: Readonly<{ connectionString: string; schema: string }>): Promise<PostgresAuditStore> {
    assertSchemaName(options.schema);
    const s = `"${options.schema}"`;
    const table = `${s}.access_log`;
    // A hung database must fail a batch (which is then retried), not hold the writer forever.
    const pool = openPool({
      connectionString: options.connectionString,
      max: 3,
      query_timeout: 15_000,
    });
    try {
      await inTransaction(pool, async (client) => {
        // Processes starting together take turns, so CREATE … IF NOT EXISTS never races itself.
        await takeTransactionLock(client, advisoryLockKey(ADVISORY_LOCK_CLASS.accessLogSetup, options.schema));
        await createSchemaInTransaction(client, options.schema);
        await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
          id        UUID        PRIMARY KEY,
          at        TIMESTAMPTZ NOT NULL,
          user_id   TEXT        NOT NULL,
          role      TEXT        NOT NULL,
          client_id TEXT        NOT NULL,
          route     TEXT        NOT NULL,
          purpose   TEXT
        )`);
        await client.query(`CREATE INDEX IF NOT EXISTS access_log_client_at ON ${table} (client_id, at, id)`);
        await client.query(`CREATE OR REPLACE FUNCTION ${s}.access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
          BEGIN
            RAISE EXCEPTION 'access_log is append-only' USING ERRCODE = 'insufficient_privilege';
          END
          $fn$`);
        await client.query(`DO $do$
          BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '${table}'::regclass AND tgname = 'access_log_no_change') THEN
              CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON ${table}
                FOR EACH ROW EXECUTE FUNCTION ${s}.access_log_append_only();
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '${table}'::regclass AND tgname = 'access_log_no_truncate') THEN
              CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON ${table}
                FOR EACH STATEMENT EXECUTE FUNCTION ${s}.access_log_append_only();
            END IF;
          END
          $do$`);
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresAuditStore(pool, table);
  }

  /** One statement (so one transaction) for the whole batch, whatever its size: arrays, not 7 × n parameters. */
  async append(entries: readonly AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.pool.query(
      `INSERT INTO ${this.table} (id, at, user_id, role, client_id, route, purpose)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (id) DO NOTHING`,
      [
        entries.map((e) => e.id),
        entries.map((e) => new Date(e.at)),
        entries.map((e) => e.userId),
        entries.map((e) => e.role),
        entries.map((e) => e.clientId),
        entries.map((e) => e.route),
        entries.map((e) => e.purpose),
      ],
    );
  }

  async readByClient(
    clientId: string,
    options: Readonly<{ limit: number; before?: AccessLogCursor }>,
  ): Promise<AccessLogPage> {
    const columns = 'id, at, user_id, role, client_id, route, purpose';
    const { rows } = options.before
      ? await this.pool.query<Row>(
          `SELECT ${columns} FROM ${this.table} WHERE client_id = $1 AND (at, id) < ($2::timestamptz, $3::uuid)
           ORDER BY at DESC, id DESC LIMIT $4`,
          [clientId, new Date(options.before.at), options.before.id, options.limit + 1],
        )
      : await this.pool.query<Row>(
          `SELECT ${columns} FROM ${this.table} WHERE client_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
          [clientId, options.limit + 1],
        );
    return pageOf(rows.map(toEntry), options.limit);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
