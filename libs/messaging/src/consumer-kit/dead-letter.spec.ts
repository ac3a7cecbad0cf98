import { DEAD_LETTER_HEADERS, deadLetterFor } from './dead-letter';

describe('deadLetterFor', () => {
  const origin = {
    topic: 'crm.client-events.v1',
    partition: 4,
    offset: '9007199254740993',
    key: 'c-1',
    value: Buffer.from('{"not":"valid"}'),
    headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
  };

  it('keeps the original key, bytes and headers, and adds where it came from and why', () => {
    const letter = deadLetterFor(
      origin,
      'invalid message: data.channel must be one of …',
      'credit-approval',
      new Date('2026-11-28T10:00:00Z'),
    );
    expect(letter.key).toBe('c-1');
    expect(letter.value).toEqual(origin.value);
    expect(letter.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
      [DEAD_LETTER_HEADERS.error]: 'invalid message: data.channel must be one of …',
      [DEAD_LETTER_HEADERS.originTopic]: 'crm.client-events.v1',
      [DEAD_LETTER_HEADERS.originPartition]: '4',
      [DEAD_LETTER_HEADERS.originOffset]: '9007199254740993',
      [DEAD_LETTER_HEADERS.consumerGroup]: 'credit-approval',
      [DEAD_LETTER_HEADERS.deadLetteredAt]: '2026-11-28T10:00:00.000Z',
    });
  });

  it('bounds the error text and survives a message without key or value', () => {
    const letter = deadLetterFor({ ...origin, key: null, value: null }, 'x'.repeat(5000), 'g', new Date(0));
    expect(letter.key).toBe('');
    expect(letter.value).toEqual(Buffer.alloc(0));
    expect(letter.headers?.[DEAD_LETTER_HEADERS.error]).toHaveLength(1000);
  });
});
