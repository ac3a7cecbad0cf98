import type { Pool, QueryConfig } from 'pg';
import { assertSchemaName, inTransaction, openPool, quoteIdentifier } from '@crm/sql';
import type { PlaintextScrubber, StoredEventData } from './plaintext-scrubber';

type Row = { position: string; event_id: string; type: string; data: string };

const TEXT: QueryConfig['types'] = { getTypeParser: () => (value: string) => value } as QueryConfig['types'];

/**
 * Rewrites stored events in the PostgreSQL event store, one stream per transaction; the stream's
 * row in `event_streams` is locked first, as appends lock it, so no append interleaves. The old row
 * versions are invisible to every query at once and reclaimed by (auto)vacuum; until then, and in
 * WAL segments and backups, they remain on disk (docs/security.md).
 */
export class PostgresPlaintextScrubber implements PlaintextScrubber {
  private readonly pool: Pool;
  private readonly events: string;
  private readonly streamsTable: string;

  constructor(options: Readonly<{ connectionString: string; schema: string }>) {
    const s = quoteIdentifier(assertSchemaName(options.schema));
    this.events = `${s}.events`;
    this.streamsTable = `${s}.event_streams`;
    this.pool = openPool({ connectionString: options.connectionString, max: 2 });
  }

  rewrite(streamId: string, rewrite: (event: StoredEventData) => unknown): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      await client.query(`SELECT 1 FROM ${this.streamsTable} WHERE stream_id = $1 FOR UPDATE`, [streamId]);
      const { rows } = await client.query<Row>({
        text: `SELECT position, event_id, type, data::text AS data FROM ${this.events} WHERE stream_id = $1 ORDER BY revision`,
        values: [streamId],
        types: TEXT,
      });
      let changed = 0;
      for (const row of rows) {
        const next = rewrite({ eventId: row.event_id, type: row.type, data: JSON.parse(row.data) as unknown });
        if (next === null) continue;
        await client.query(`UPDATE ${this.events} SET data = $1::jsonb WHERE position = $2`, [
          JSON.stringify(next),
          row.position,
        ]);
        changed += 1;
      }
      return changed;
    });
  }

  async clientStreams(after: string, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ stream_id: string }>({
      text: `SELECT stream_id FROM ${this.streamsTable} WHERE stream_id > $1 AND stream_id LIKE 'client-%' ORDER BY stream_id LIMIT $2`,
      values: [after, limit],
      types: TEXT,
    });
    return rows.map((row) => row.stream_id);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
