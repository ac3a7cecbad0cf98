import { Pool, type QueryArrayConfig } from 'pg';
import { assertSchemaName, inTransaction, quoteIdentifier } from '@crm/sql';
import { PostgresDataKeyStore } from '../encryption/postgres.data-key-store';
import { EVENT_COLUMNS, RAW_TEXT, type EventRow } from '../postgres/postgres.event-row';
import { PostgresEventStore } from '../postgres/postgres.event-store';
import { eventRecordOf, type DataKeyRecord, type EventRecord } from './event-log-record';
import type { EventLogTable, EventLogWriter } from './event-log-table';

type KeyRow = [string, string, string | null, string | null, string, string | null, string | null];

/** Timestamps as the event store prints recorded_at: ISO-8601 UTC with milliseconds. */
const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The event log and key ring of a PostgreSQL event store schema (see EventLogTable). */
export class PostgresEventLogTable implements EventLogTable {
  readonly dialect = 'postgres' as const;
  private readonly s: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = quoteIdentifier(schema);
  }

  /** Creates the schema's tables when missing (through the stores themselves, so the schema is theirs). */
  static async open(options: Readonly<{ connectionString: string; schema: string }>): Promise<PostgresEventLogTable> {
    const schema = assertSchemaName(options.schema);
    await (await PostgresEventStore.open(options)).close();
    await (await PostgresDataKeyStore.open(options)).close();
    const pool = new Pool({ connectionString: options.connectionString, max: 2 });
    pool.on('error', () => undefined);
    return new PostgresEventLogTable(pool, schema);
  }

  private async rows<R extends unknown[]>(text: string, values: unknown[]): Promise<R[]> {
    const config: QueryArrayConfig = { text, values, rowMode: 'array', types: RAW_TEXT };
    return (await this.pool.query<R>(config)).rows;
  }

  /** The store's safe head: no transaction still open can commit an event at or below it. */
  async headPosition(): Promise<bigint> {
    const rows = await this.rows<[string]>(
      `SELECT position FROM ${this.s}.events
        WHERE transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot())) ORDER BY position DESC LIMIT 1`,
      [],
    );
    return rows.length === 0 ? 0n : BigInt(rows[0][0]);
  }

  async masterKeyIds(): Promise<string[]> {
    const rows = await this.rows<[string]>(
      `SELECT DISTINCT kek_id FROM ${this.s}.event_data_keys
        WHERE kek_id IS NOT NULL AND wrapped IS NOT NULL`,
      [],
    );
    return rows.map((row) => row[0]).sort();
  }

  async dataKeys(afterSubject: string, limit: number): Promise<DataKeyRecord[]> {
    // Byte order, as SQLite compares: paging by subject must agree with the order it pages in.
    const rows = await this.rows<KeyRow>(
      `SELECT subject, key_version, kek_id, encode(wrapped, 'base64'), ${iso('created_at')},
              ${iso('destroyed_at')}, ${iso('erasure_requested_at')}
         FROM ${this.s}.event_data_keys WHERE subject COLLATE "C" > $1 ORDER BY subject COLLATE "C" LIMIT $2`,
      [afterSubject, limit],
    );
    return rows.map((row) => ({
      kind: 'data-key',
      subject: row[0],
      version: Number(row[1]),
      kekId: row[2],
      // encode(…, 'base64') breaks lines every 76 characters.
      wrapped: row[3] === null ? null : row[3].replace(/\n/g, ''),
      createdAt: row[4],
      destroyedAt: row[5],
      erasureRequestedAt: row[6],
    }));
  }

  async events(after: bigint, upTo: bigint, limit: number): Promise<EventRecord[]> {
    const rows = await this.rows<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`,
      [after.toString(), upTo.toString(), limit],
    );
    return rows.map(eventRecordOf);
  }

  async isEmpty(): Promise<boolean> {
    const rows = await this.rows<[string]>(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${this.s}.events LIMIT 1) e)
            + (SELECT count(*) FROM (SELECT 1 FROM ${this.s}.event_data_keys LIMIT 1) k)`,
      [],
    );
    return rows[0][0] === '0';
  }

  /**
   * One transaction: events and key rows, then each stream's head row and the position sequence
   * set past the last imported position, so appends after the import continue the log.
   */
  async inImport(work: (writer: EventLogWriter) => Promise<void>): Promise<void> {
    const s = this.s;
    await inTransaction(this.pool, async (client) => {
      await work({
        insertDataKeys: async (keys) => {
          if (keys.length === 0) return;
          await client.query(
            `INSERT INTO ${s}.event_data_keys (subject, key_version, kek_id, wrapped, created_at, destroyed_at, erasure_requested_at)
             SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::bytea[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])`,
            [
              keys.map((k) => k.subject),
              keys.map((k) => k.version),
              keys.map((k) => k.kekId),
              keys.map((k) => (k.wrapped === null ? null : Buffer.from(k.wrapped, 'base64'))),
              keys.map((k) => k.createdAt),
              keys.map((k) => k.destroyedAt),
              keys.map((k) => k.erasureRequestedAt),
            ],
          );
        },
        insertEvents: async (events) => {
          if (events.length === 0) return;
          await client.query(
            `INSERT INTO ${s}.events (position, event_id, stream_id, revision, type, data, metadata, schema_version, recorded_at)
             SELECT p, i, st, r, t, d::jsonb, m::jsonb, v, at
               FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::integer[], $9::timestamptz[])
                 AS u(p, i, st, r, t, d, m, v, at)`,
            [
              events.map((e) => e.position),
              events.map((e) => e.eventId),
              events.map((e) => e.streamId),
              events.map((e) => e.revision),
              events.map((e) => e.type),
              events.map((e) => JSON.stringify(e.data) ?? 'null'),
              events.map((e) => JSON.stringify(e.metadata)),
              events.map((e) => e.schemaVersion),
              events.map((e) => e.recordedAt),
            ],
          );
        },
      });
      await client.query(
        `INSERT INTO ${s}.event_streams (stream_id, revision, position)
         SELECT stream_id, max(revision), max(position) FROM ${s}.events GROUP BY stream_id`,
      );
      await client.query(
        `SELECT setval('${s}.events_position_seq', max(position)) FROM ${s}.events HAVING max(position) IS NOT NULL`,
      );
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
