import Database from 'better-sqlite3';
import type { SseClient } from './sse-client';

/** An alert as the alert feed streams it, with what the trace tests look at. */
export type StreamedAlert = Readonly<{ alertId: string; position: string; traceId?: string }>;

/** The first `AlertRaised` of `ruleId` on the feed, once it has come. */
export const raisedAlertOn = async (feed: SseClient, ruleId: string): Promise<StreamedAlert> => {
  const raised = (event: { event: string | null; data: string }) =>
    event.event === 'AlertRaised' && event.data.includes(`"ruleId":"${ruleId}"`);
  const events = await feed.waitFor((received) => received.some(raised));
  return JSON.parse(events.find(raised)!.data) as StreamedAlert;
};

export type StoredTraceMetadata = Readonly<{ traceparent?: string; tracestate?: string }>;

/** The trace fields of the events at `positions` in a SQLite event store, read as the store keeps them. */
export const storedTraceMetadata = (sqlitePath: string, positions: readonly string[]): StoredTraceMetadata[] => {
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const read = db.prepare<[string], { metadata: string }>('SELECT metadata FROM events WHERE position = ?');
    return positions.map((position) => {
      const row = read.get(position);
      if (row === undefined) throw new Error(`no event at position ${position}`);
      return JSON.parse(row.metadata) as StoredTraceMetadata;
    });
  } finally {
    db.close();
  }
};
