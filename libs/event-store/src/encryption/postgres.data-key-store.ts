import type { Pool, QueryConfig } from 'pg';
import {
  ADVISORY_LOCK_CLASS,
  advisoryLockKey,
  assertSchemaName,
  createSchemaInTransaction,
  inTransaction,
  openPool,
  quoteIdentifier,
  takeTransactionLock,
} from '@crm/sql';
import type { DataKeyStore, NewDataKey, StoredDataKey } from './data-key-store.port';

type Row = {
  subject: string;
  key_version: number;
  kek_id: string | null;
  wrapped: Buffer | null;
  destroyed: boolean;
  erasure_requested: boolean;
};

const COLUMNS =
  'subject, key_version, kek_id, wrapped, destroyed_at IS NOT NULL AS destroyed, erasure_requested_at IS NOT NULL AS erasure_requested';

/** Types parsed per query, never by pg's process-wide parsers (see the event store). */
const TYPES: QueryConfig['types'] = {
  getTypeParser: (oid: number) => {
    if (oid === 16) return (value: string) => value === 't';
    if (oid === 17) return (value: string) => Buffer.from(value.slice(2), 'hex');
    if (oid === 23) return (value: string) => Number(value);
    return (value: string) => value;
  },
} as QueryConfig['types'];

export type PostgresDataKeyStoreOptions = Readonly<{ connectionString: string; schema: string; poolSize?: number }>;

/**
 * Data keys in the event store's PostgreSQL schema (`event_data_keys`). UPDATE and DELETE leave
 * the old row version behind until VACUUM, so a destroyed key is followed by a VACUUM of this
 * (small) table; WAL segments and backups still hold the wrapped key, which is why destroying
 * the master key it was wrapped with, after a rotation, is what finally retires every such copy
 * (docs/security.md).
 */
export class PostgresDataKeyStore implements DataKeyStore {
  private readonly table: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `${quoteIdentifier(schema)}.event_data_keys`;
  }

  static async open(options: PostgresDataKeyStoreOptions): Promise<PostgresDataKeyStore> {
    const schema = assertSchemaName(options.schema);
    const pool = openPool({ connectionString: options.connectionString, max: options.poolSize ?? 4 });
    const store = new PostgresDataKeyStore(pool, schema);
    try {
      await store.migrate(schema);
      return store;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  /** Under the event store's migration lock: it may be creating the same schema at the same instant. */
  private async migrate(schema: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await takeTransactionLock(client, advisoryLockKey(ADVISORY_LOCK_CLASS.eventStoreMigrations, schema));
      await createSchemaInTransaction(client, schema);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
        subject              text        PRIMARY KEY,
        key_version          integer     NOT NULL,
        kek_id               text,
        wrapped              bytea,
        created_at           timestamptz NOT NULL,
        destroyed_at         timestamptz,
        erasure_requested_at timestamptz
      )`);
    });
  }

  private async rows(text: string, values: unknown[]): Promise<Row[]> {
    const result = await this.pool.query<Row>({ text, values, types: TYPES });
    return result.rows;
  }

  async get(subjects: readonly string[]): Promise<Map<string, StoredDataKey>> {
    const found = new Map<string, StoredDataKey>();
    if (subjects.length === 0) return found;
    for (const row of await this.rows(`SELECT ${COLUMNS} FROM ${this.table} WHERE subject = ANY ($1::text[])`, [
      subjects,
    ])) {
      found.set(row.subject, toStored(row));
    }
    return found;
  }

  async insertIfAbsent(keys: readonly NewDataKey[]): Promise<Map<string, StoredDataKey>> {
    if (keys.length > 0) {
      await this.pool.query(
        `INSERT INTO ${this.table} (subject, key_version, kek_id, wrapped, created_at)
         SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::bytea[], $5::timestamptz[])
         ON CONFLICT (subject) DO NOTHING`,
        [
          keys.map((k) => k.subject),
          keys.map((k) => k.version),
          keys.map((k) => k.kekId),
          keys.map((k) => k.wrapped),
          keys.map((k) => k.createdAt),
        ],
      );
    }
    // A statement of its own: its snapshot also sees rows racing writers committed meanwhile.
    return this.get(keys.map((key) => key.subject));
  }

  async markErasureRequested(subject: string, at: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET erasure_requested_at = $2 WHERE subject = $1 AND destroyed_at IS NULL`,
      [subject, at],
    );
  }

  async clearErasureRequest(subject: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.table} SET erasure_requested_at = NULL WHERE subject = $1`, [subject]);
  }

  async pendingErasures(before: string): Promise<string[]> {
    const rows = await this.rows(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE erasure_requested_at IS NOT NULL AND erasure_requested_at < $1 AND destroyed_at IS NULL`,
      [before],
    );
    return rows.map((row) => row.subject);
  }

  async destroy(subject: string, at: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} AS k (subject, key_version, kek_id, wrapped, created_at, destroyed_at) VALUES ($1, 0, NULL, NULL, $2, $2)
       ON CONFLICT (subject) DO UPDATE SET kek_id = NULL, wrapped = NULL, erasure_requested_at = NULL,
         destroyed_at = COALESCE(k.destroyed_at, excluded.destroyed_at)`,
      [subject, at],
    );
  }

  async wrappedByOthers(kekId: string, limit: number): Promise<StoredDataKey[]> {
    const rows = await this.rows(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE destroyed_at IS NULL AND kek_id <> $1 ORDER BY subject LIMIT $2`,
      [kekId, limit],
    );
    return rows.map(toStored);
  }

  async rewrap(subject: string, fromKekId: string, toKekId: string, wrapped: Buffer): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET kek_id = $3, wrapped = $4 WHERE subject = $1 AND kek_id = $2 AND destroyed_at IS NULL`,
      [subject, fromKekId, toKekId, wrapped],
    );
    return result.rowCount === 1;
  }

  async liveSamplePerMasterKey(): Promise<StoredDataKey[]> {
    const rows = await this.rows(
      `SELECT DISTINCT ON (kek_id) ${COLUMNS} FROM ${this.table} WHERE destroyed_at IS NULL ORDER BY kek_id, subject`,
      [],
    );
    return rows.map(toStored);
  }

  /** The dead row versions of destroyed keys go at once, not whenever autovacuum comes by. */
  async purgeFreedSpace(): Promise<void> {
    await this.pool.query(`VACUUM ${this.table}`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const toStored = (row: Row): StoredDataKey => ({
  subject: row.subject,
  version: Number(row.key_version),
  kekId: row.kek_id,
  wrapped: row.wrapped,
  destroyed: row.destroyed === true,
  erasureRequested: row.erasure_requested === true,
});
