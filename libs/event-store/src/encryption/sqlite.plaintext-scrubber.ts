import type Database from 'better-sqlite3';
import { openSqlite } from '@crm/sql';
import type { PlaintextScrubber, StoredEventData } from './plaintext-scrubber';

type Row = { position: bigint; event_id: string; type: string; data: string };

/**
 * Rewrites stored events in the SQLite event store's file, on a connection of its own with
 * `secure_delete`, so the old cell contents are overwritten with zeros, not left in free space
 * (the WAL's old frames go with the checkpoint that follows an erasure).
 */
export class SqlitePlaintextScrubber implements PlaintextScrubber {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], Row>;
  private readonly update: Database.Statement<[string, bigint]>;
  private readonly streams: Database.Statement<[string, number], string>;

  constructor(path: string) {
    // The event store's file, already in WAL mode.
    this.db = openSqlite(path, { wal: false, synchronous: 'FULL', secureDelete: true });
    this.select = this.db
      .prepare<[string], Row>('SELECT position, event_id, type, data FROM events WHERE stream_id = ? ORDER BY revision')
      .safeIntegers();
    this.update = this.db.prepare<[string, bigint]>('UPDATE events SET data = ? WHERE position = ?');
    // Range on the (stream_id, revision) index: `client.` is the character after `client-`.
    this.streams = this.db
      .prepare<[string, number], string>(
        "SELECT DISTINCT stream_id FROM events WHERE stream_id > ? AND stream_id >= 'client-' AND stream_id < 'client.' ORDER BY stream_id LIMIT ?",
      )
      .pluck();
  }

  async rewrite(streamId: string, rewrite: (event: StoredEventData) => unknown): Promise<number> {
    return this.db
      .transaction(() => {
        let changed = 0;
        for (const row of this.select.all(streamId)) {
          const next = rewrite({ eventId: row.event_id, type: row.type, data: JSON.parse(row.data) as unknown });
          if (next === null) continue;
          this.update.run(JSON.stringify(next), row.position);
          changed += 1;
        }
        return changed;
      })
      .immediate();
  }

  async clientStreams(after: string, limit: number): Promise<string[]> {
    return this.streams.all(after, limit);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
