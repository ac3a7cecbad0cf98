import type { JSONEventData, JSONType, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import { toLogPosition } from './log-position';

/** What the adapter stores as an ESDB event's metadata: the port's metadata plus the schema version. */
export type StoredMetadata = EventMetadata & Readonly<{ schemaVersion: number }>;

/**
 * A new event as a JSON event. Our eventId is the ESDB event id: the server's idempotency checks
 * compare event ids, so a retried append is recognised.
 */
export const toEventData = (event: NewEvent): JSONEventData => {
  if (event.data === undefined) throw new TypeError(`event ${event.eventId}: data must be a JSON value`);
  const metadata: StoredMetadata = { ...event.metadata, schemaVersion: event.schemaVersion };
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    // The client JSON.stringify's data whatever its static type; JSONType only narrows it to
    // objects, arrays and strings, while the port allows any JSON value.
    data: event.data as JSONType,
    metadata,
  };
};

/**
 * A stored event as the port's. Refuses events this adapter did not write (not JSON, or without
 * our metadata) with a message naming them, rather than handing a projection a malformed event.
 */
export const fromRecordedEvent = (event: EsdbRecordedEvent, streamId: string): RecordedEvent => {
  const where = `event ${event.id} in stream ${event.streamId}`;
  if (!event.isJson) throw new MalformedEventError(`${where} is not JSON`);
  if (event.position === undefined) {
    throw new MalformedEventError(`${where} has no log position (the server must be EventStoreDB 22.6 or later)`);
  }
  const { schemaVersion, ...metadata } = parseStoredMetadata(event.metadata, where);
  return {
    eventId: event.id,
    streamId,
    type: event.type,
    data: event.data,
    metadata,
    schemaVersion,
    revision: Number(event.revision),
    position: toLogPosition(event.position),
    recordedAt: event.created.toISOString(),
  };
};

const parseStoredMetadata = (metadata: unknown, where: string): StoredMetadata => {
  if (typeof metadata !== 'object' || metadata === null || metadata instanceof Uint8Array || Array.isArray(metadata)) {
    throw new MalformedEventError(`${where} has no JSON metadata`);
  }
  const candidate = metadata as Partial<StoredMetadata>;
  if (!Number.isInteger(candidate.schemaVersion) || typeof candidate.correlationId !== 'string') {
    throw new MalformedEventError(`${where} has metadata without schemaVersion or correlationId`);
  }
  return candidate as StoredMetadata;
};

export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}
