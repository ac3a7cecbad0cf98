/**
 * The lines of an event-log export (`npm run store:export`), one JSON object per line: a header,
 * every data-key row, every event in position order, and a trailer whose counts prove the file is
 * whole. Events keep what the store holds (personal fields stay sealed envelopes); data keys stay
 * wrapped by the master key, so the file is no more readable than the store it came from.
 */
export const EVENT_LOG_FORMAT = 'crm-event-log';
export const EVENT_LOG_FORMAT_VERSION = 1;

export type EventLogHeader = Readonly<{
  kind: 'header';
  format: typeof EVENT_LOG_FORMAT;
  formatVersion: number;
  source: string;
  exportedAt: string;
  /** Position of the last event exported ("0" for an empty log). */
  lastPosition: string;
  /** Public fingerprints of the master keys that wrapped the live data keys: the import needs them all. */
  masterKeyIds: readonly string[];
}>;

/** A row of the key ring as stored; `wrapped` is base64 (null for a destroyed key's tombstone). */
export type DataKeyRecord = Readonly<{
  kind: 'data-key';
  subject: string;
  version: number;
  kekId: string | null;
  wrapped: string | null;
  createdAt: string;
  destroyedAt: string | null;
  erasureRequestedAt: string | null;
}>;

export type EventRecord = Readonly<{
  kind: 'event';
  position: string;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  metadata: unknown;
  data: unknown;
}>;

/**
 * An event row in the stores' column order (position, event_id, stream_id, revision, type, data,
 * metadata, schema_version, recorded_at), numbers as either dialect returns them.
 */
export type RawEventRow = readonly [
  bigint | string,
  string,
  string,
  bigint | string,
  string,
  string,
  string,
  bigint | string,
  string,
];

export const eventRecordOf = (row: RawEventRow): EventRecord => ({
  kind: 'event',
  position: row[0].toString(),
  streamId: row[2],
  revision: Number(row[3]),
  eventId: row[1],
  type: row[4],
  schemaVersion: Number(row[7]),
  recordedAt: row[8],
  metadata: JSON.parse(row[6]) as unknown,
  data: JSON.parse(row[5]) as unknown,
});

export type EventLogTrailer = Readonly<{ kind: 'end'; dataKeys: number; events: number; lastPosition: string }>;

export type EventLogRecord = EventLogHeader | DataKeyRecord | EventRecord | EventLogTrailer;

/** What is wrong with an export file, with its line number; never its content (personal data, keys). */
export class EventLogFormatError extends Error {
  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = 'EventLogFormatError';
  }
}

type Shape = Readonly<Record<string, 'string' | 'number' | 'string|null' | 'object'>>;

const SHAPES: Readonly<Record<EventLogRecord['kind'], Shape>> = {
  header: { format: 'string', formatVersion: 'number', source: 'string', exportedAt: 'string', lastPosition: 'string' },
  'data-key': {
    subject: 'string',
    version: 'number',
    kekId: 'string|null',
    wrapped: 'string|null',
    createdAt: 'string',
    destroyedAt: 'string|null',
    erasureRequestedAt: 'string|null',
  },
  event: {
    position: 'string',
    streamId: 'string',
    revision: 'number',
    eventId: 'string',
    type: 'string',
    schemaVersion: 'number',
    recordedAt: 'string',
    metadata: 'object',
  },
  end: { dataKeys: 'number', events: 'number', lastPosition: 'string' },
};

const fits = (value: unknown, type: Shape[string]): boolean => {
  switch (type) {
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'object':
      return typeof value === 'object' && value !== null;
    case 'number':
      return Number.isSafeInteger(value);
    default:
      return typeof value === type;
  }
};

const POSITION = /^(0|[1-9][0-9]{0,18})$/;

/** One line of an export, checked field by field (the import writes nothing it has not checked). */
export const parseEventLogLine = (text: string, line: number): EventLogRecord => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EventLogFormatError(line, 'is not JSON');
  }
  if (typeof value !== 'object' || value === null) throw new EventLogFormatError(line, 'is not a JSON object');
  const record = value as Record<string, unknown>;
  const kind = record.kind;
  if (typeof kind !== 'string' || !(kind in SHAPES)) throw new EventLogFormatError(line, 'has an unknown kind');
  for (const [field, type] of Object.entries(SHAPES[kind as EventLogRecord['kind']])) {
    if (!fits(record[field], type)) throw new EventLogFormatError(line, `${kind}.${field} must be ${type}`);
  }
  if (kind === 'header' && !Array.isArray(record.masterKeyIds))
    throw new EventLogFormatError(line, 'header.masterKeyIds must be an array');
  if (kind === 'event' && !('data' in record)) throw new EventLogFormatError(line, 'event.data is missing');
  for (const field of ['position', 'lastPosition']) {
    if (field in record && !POSITION.test(String(record[field])))
      throw new EventLogFormatError(line, `${kind}.${field} must be a decimal position`);
  }
  return record as EventLogRecord;
};
