import type { IncomingMessage, OutgoingMessage } from '../message-broker.port';

/** Headers a dead letter carries beside the original key, value and headers. */
export const DEAD_LETTER_HEADERS = {
  error: 'dlq-error',
  originTopic: 'dlq-origin-topic',
  originPartition: 'dlq-origin-partition',
  originOffset: 'dlq-origin-offset',
  consumerGroup: 'dlq-consumer-group',
  deadLetteredAt: 'dlq-dead-lettered-at',
} as const;

const MAX_ERROR_LENGTH = 1000;

/**
 * The original message, byte for byte, with where it came from and why it failed: enough to
 * replay it once the cause is fixed. The error text is the consumer's own description (contract
 * violations name fields, never values), cut to a bounded length.
 */
export const deadLetterFor = (
  message: IncomingMessage,
  error: string,
  groupId: string,
  now: Date,
): OutgoingMessage => ({
  key: message.key ?? '',
  value: message.value ?? Buffer.alloc(0),
  headers: {
    ...message.headers,
    [DEAD_LETTER_HEADERS.error]: error.slice(0, MAX_ERROR_LENGTH),
    [DEAD_LETTER_HEADERS.originTopic]: message.topic,
    [DEAD_LETTER_HEADERS.originPartition]: String(message.partition),
    [DEAD_LETTER_HEADERS.originOffset]: message.offset,
    [DEAD_LETTER_HEADERS.consumerGroup]: groupId,
    [DEAD_LETTER_HEADERS.deadLetteredAt]: now.toISOString(),
  },
});
