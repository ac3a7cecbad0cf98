import type { JSONEventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { sampleNewEvent } from '@crm/testing';
import { fromRecordedEvent, MalformedEventError, toEventData } from './event-serialisation';
import { UnsupportedPositionError } from './log-position';

/** What the client hands back for an event it appended: JSON bodies parsed, server fields set. */
const asStored = (data: JSONEventData, overrides: Partial<EsdbRecordedEvent> = {}): EsdbRecordedEvent =>
  ({
    streamId: 'ns/client-1',
    id: data.id,
    isJson: true,
    revision: 4n,
    type: data.type,
    created: new Date('2024-05-01T08:30:01.234Z'),
    data: JSON.parse(JSON.stringify(data.data)) as unknown,
    metadata: JSON.parse(JSON.stringify(data.metadata)) as unknown,
    position: { commit: 8_192n, prepare: 8_192n },
    ...overrides,
  }) as EsdbRecordedEvent;

describe('EventStoreDB event (de)serialisation', () => {
  const event = sampleNewEvent(
    'CreditRatingChanged',
    { rating: 'BB', amount: '5000000.00', 名: '上海' },
    { schemaVersion: 3 },
  );

  it('writes a JSON event under our event id, with metadata and schema version in its metadata', () => {
    const data = toEventData(event);
    expect(data).toEqual({
      id: event.eventId,
      contentType: 'application/json',
      type: 'CreditRatingChanged',
      data: event.data,
      metadata: { ...event.metadata, schemaVersion: 3 },
    });
  });

  it('reads it back as the port event, with store-set fields from the server', () => {
    expect(fromRecordedEvent(asStored(toEventData(event)), 'client-1')).toEqual({
      eventId: event.eventId,
      streamId: 'client-1',
      type: 'CreditRatingChanged',
      data: event.data,
      metadata: event.metadata,
      schemaVersion: 3,
      revision: 4,
      position: 8_192n,
      recordedAt: '2024-05-01T08:30:01.234Z',
    });
  });

  it('refuses data that is not a JSON value', () => {
    expect(() => toEventData({ ...event, data: undefined })).toThrow(TypeError);
  });

  it('refuses events this adapter did not write', () => {
    const data = toEventData(event);
    expect(() => fromRecordedEvent(asStored(data, { isJson: false } as Partial<EsdbRecordedEvent>), 'c')).toThrow(
      MalformedEventError,
    );
    expect(() => fromRecordedEvent(asStored(data, { metadata: undefined }), 'c')).toThrow(/no JSON metadata/);
    expect(() => fromRecordedEvent(asStored(data, { metadata: { correlationId: 'x' } }), 'c')).toThrow(/schemaVersion/);
    expect(() => fromRecordedEvent(asStored(data, { position: undefined }), 'c')).toThrow(/22\.6/);
    expect(() => fromRecordedEvent(asStored(data, { position: { commit: 9n, prepare: 3n } }), 'c')).toThrow(
      UnsupportedPositionError,
    );
  });
});
