import type { RecordedEvent } from '@crm/event-store';
import { batchParts } from './batch-parts';

let position = 0n;
const event = (streamId: string, data: object = {}): RecordedEvent => {
  position += 1n;
  return {
    position,
    eventId: `e-${position}`,
    streamId,
    revision: 0,
    type: 'Anything',
    data,
    metadata: { occurredAt: '2026-12-07T00:00:00.000Z', correlationId: 'c', causationId: 'c' },
    schemaVersion: 1,
    recordedAt: '2026-12-07T00:00:00.000Z',
  } as RecordedEvent;
};

const streamsOf = (parts: readonly (readonly RecordedEvent[])[]): string[][] =>
  parts.map((part) => part.map((e) => e.streamId));

describe('a batch in parts', () => {
  it('is one part when it is no larger than a part', () => {
    const events = [event('client-a'), event('client-b')];
    expect(batchParts(events, 2)).toEqual([events]);
  });

  it('keeps each document in one part, in the log order, and starts a part for new documents once one is full', () => {
    const events = [
      event('client-a'),
      event('client-b'),
      event('client-c'),
      event('client-a'),
      event('manager-m'),
      event('client-d'),
      event('client-b'),
    ];
    expect(streamsOf(batchParts(events, 2))).toEqual([
      ['client-a', 'client-b', 'client-a', 'client-b'],
      ['client-c', 'manager-m'],
      ['client-d'],
    ]);
  });

  it('keeps an alert or a risk case with the client view it names, and joins what they chain', () => {
    const events = [
      event('client-a'),
      event('client-b'),
      event('client-c'),
      event('alert-x', { clientId: 'b' }),
      event('risk-case-y', { clientId: 'c' }),
      event('alert-x', { clientId: 'b' }),
      event('risk-case-y', { clientId: 'b' }),
      event('client-d'),
    ];
    const parts = streamsOf(batchParts(events, 1));
    expect(parts).toEqual([
      ['client-a'],
      ['client-b', 'client-c', 'alert-x', 'risk-case-y', 'alert-x', 'risk-case-y'],
      ['client-d'],
    ]);
  });

  it('puts events of no document into the part filling when they come', () => {
    const events = [event('client-a'), event('department-ops'), event('client-b'), event('department-ops')];
    expect(streamsOf(batchParts(events, 1))).toEqual([
      ['client-a', 'department-ops'],
      ['client-b', 'department-ops'],
    ]);
  });
});
