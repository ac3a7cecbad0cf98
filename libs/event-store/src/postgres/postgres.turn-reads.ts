import { TurnBatch, type Settlement } from '@crm/sql';
import type { ReadStreamOptions, RecordedEvent } from '../event-store.port';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './postgres.event-row';

type StreamRead = Readonly<{ streamId: string; fromRevision: number; maxCount: number | null }>;
type LogRead = Readonly<{ after: bigint; maxCount: number }>;

/** Runs a named statement (prepared once per connection) and returns its rows as text arrays. */
type Rows = <R extends unknown[]>(name: string, text: string, values: unknown[]) => Promise<R[]>;

/**
 * The PostgreSQL event store's reads, grouped by turn of the event loop as its appends are
 * (decisions 76): the database shares the API's cores, and a statement per read was most of what a
 * command cost it.
 * - Concurrent commands each read their stream past its cached state (a contact its manager's
 *   too): the stream reads of a turn are one statement, a LATERAL read per stream.
 * - A commit wakes every subscription of the process at once, and those caught up ask for the log
 *   after the same position: the log reads of a turn from one position are one statement, each
 *   reader given its own events (the longest asked for, cut to each one's count).
 */
export class PostgresTurnReads {
  private readonly sql: Readonly<Record<'stream' | 'streams' | 'all', string>>;
  private readonly streamReads = new TurnBatch<StreamRead, RecordedEvent[]>((reads) => this.readStreams(reads));
  private readonly logReads = new TurnBatch<LogRead, RecordedEvent[]>((reads) => this.readLogs(reads));

  /** `schema` quoted; `safe` the condition that keeps a log read below the visibility horizon. */
  constructor(
    schema: string,
    safe: string,
    private readonly rows: Rows,
  ) {
    this.sql = {
      stream: `SELECT ${EVENT_COLUMNS} FROM ${schema}.events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      streams: `SELECT read.i, e.* FROM unnest($1::text[], $2::bigint[], $3::bigint[])
          WITH ORDINALITY AS read(stream_id, from_revision, max_count, i)
        CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM ${schema}.events
          WHERE stream_id = read.stream_id AND revision >= read.from_revision
          ORDER BY revision LIMIT read.max_count) AS e
        ORDER BY read.i, e.revision`,
      all: `SELECT ${EVENT_COLUMNS} FROM ${schema}.events WHERE position > $1 AND ${safe} ORDER BY position LIMIT $2`,
    };
  }

  readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.streamReads.add({
      streamId,
      fromRevision: options.fromRevision ?? 0,
      maxCount: options.maxCount === undefined || options.maxCount < 0 ? null : options.maxCount,
    });
  }

  /** The safe prefix of the log after `after`, at most `maxCount` events (all when negative). */
  readAfter(after: bigint, maxCount: number): Promise<RecordedEvent[]> {
    return this.logReads.add({ after, maxCount });
  }

  /** Sends what waits now (a store about to close). */
  async drain(): Promise<void> {
    await Promise.all([this.streamReads.drain(), this.logReads.drain()]);
  }

  private async readStreams(reads: readonly StreamRead[]): Promise<Settlement<RecordedEvent[]>[]> {
    if (reads.length === 1) {
      const [{ streamId, fromRevision, maxCount }] = reads;
      const rows = await this.rows<EventRow>('crm-es-stream', this.sql.stream, [streamId, fromRevision, maxCount]);
      return [{ value: rows.map(toRecordedEvent) }];
    }
    const rows = await this.rows<[string, ...EventRow]>('crm-es-streams', this.sql.streams, [
      reads.map((read) => read.streamId),
      reads.map((read) => read.fromRevision),
      reads.map((read) => read.maxCount),
    ]);
    const events = reads.map((): RecordedEvent[] => []);
    for (const [i, ...row] of rows) events[Number(i) - 1].push(toRecordedEvent(row));
    return events.map((value) => ({ value }));
  }

  private async readLogs(reads: readonly LogRead[]): Promise<Settlement<RecordedEvent[]>[]> {
    const longest = new Map<bigint, number>();
    for (const { after, maxCount } of reads) {
      const known = longest.get(after);
      longest.set(after, known === undefined ? maxCount : known < 0 || maxCount < 0 ? -1 : Math.max(known, maxCount));
    }
    const rowsAfter = new Map<bigint, EventRow[]>();
    await Promise.all(
      [...longest].map(async ([after, maxCount]) => {
        rowsAfter.set(
          after,
          await this.rows<EventRow>('crm-es-all', this.sql.all, [after.toString(), maxCount < 0 ? null : maxCount]),
        );
      }),
    );
    // Each reader parses its own events: the followers never share an object they might hold on to.
    return reads.map(({ after, maxCount }) => {
      const rows = rowsAfter.get(after)!;
      return { value: (maxCount < 0 ? rows : rows.slice(0, maxCount)).map(toRecordedEvent) };
    });
  }
}
