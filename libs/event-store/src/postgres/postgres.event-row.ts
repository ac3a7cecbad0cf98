import type { CustomTypesConfig } from 'pg';
import type { EventMetadata, RecordedEvent } from '../event-store.port';

/**
 * Every value as PostgreSQL's text, whatever type parsers other code registered globally with
 * pg: positions must become exact bigints, and a global int8 → number parser would round them.
 */
export const RAW_TEXT: CustomTypesConfig = { getTypeParser: () => (value: string) => value };

/** Column order of every event SELECT (rows are fetched as arrays). */
export const EVENT_COLUMNS = `position, event_id, stream_id, revision, type, data, metadata, schema_version,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A row in text form: [position, event_id, stream_id, revision, type, data, metadata, schema_version, recorded_at]. */
export type EventRow = [string, string, string, string, string, string, string, string, string];

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  position: BigInt(row[0]),
  eventId: row[1],
  streamId: row[2],
  revision: Number(row[3]),
  type: row[4],
  data: JSON.parse(row[5]) as unknown,
  metadata: JSON.parse(row[6]) as EventMetadata,
  schemaVersion: Number(row[7]),
  recordedAt: row[8],
});
