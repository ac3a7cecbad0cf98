import {
  CLOUDEVENTS_CONTENT_TYPE,
  RISK_ALERTS_TOPIC,
  toClientStateRecord,
  topicOfIntegrationType,
  toIntegrationMessage,
  toSupersededMessages,
} from '@crm/contracts';
import type { RecordedEvent } from '@crm/event-store';
import {
  formatTraceparent,
  startSpan,
  traceContextFrom,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  type TraceSpan,
} from '@crm/platform';
import { DEAD_LETTER_HEADERS } from '../consumer-kit/dead-letter';
import type { OutgoingMessage } from '../message-broker.port';
import { POSITION_HEADER } from './published-tail';
import { sourceEventOf } from './source-event-of';

/**
 * Maps a batch to integration messages, and to the records of the compacted client-state topic:
 * one per client of the batch, its state after its last event there (older ones would be
 * compacted away anyway). An event the contract refuses (it can only be corrupt
 * data in the store) must neither stop the relay for everyone nor vanish: it goes to the
 * dead-letter topic as ids, position and the error, never its data, which may be personal.
 */
export const toMessages = (
  events: readonly RecordedEvent[],
  topic: string,
  riskAlertsTopic: string,
  /** Superseded message types still published beside their successor (a migration window). */
  superseded: ReadonlySet<string> = new Set(),
): {
  messages: OutgoingMessage[];
  alerts: OutgoingMessage[];
  states: OutgoingMessage[];
  deadLetters: OutgoingMessage[];
  spans: TraceSpan[];
} => {
  const states = new Map<string, OutgoingMessage>();
  const messages: OutgoingMessage[] = [];
  const alerts: OutgoingMessage[] = [];
  const deadLetters: OutgoingMessage[] = [];
  const spans: TraceSpan[] = [];
  for (const event of events) {
    try {
      const source = sourceEventOf(event);
      const message = toIntegrationMessage(source);
      if (message === null) continue;
      const state = toClientStateRecord(source);
      const alert = topicOfIntegrationType(message.type) === RISK_ALERTS_TOPIC;
      const headers: Record<string, string> = {
        'content-type': CLOUDEVENTS_CONTENT_TYPE,
        [POSITION_HEADER]: event.position.toString(),
      };
      const span = publishSpan(event, alert ? riskAlertsTopic : topic);
      if (span !== null) {
        spans.push(span);
        headers[TRACEPARENT_HEADER] = formatTraceparent(span.context);
        if (span.context.tracestate !== undefined) headers[TRACESTATE_HEADER] = span.context.tracestate;
      }
      // The CloudEvents Kafka binding's structured mode: the whole event is the value. A superseded
      // twin follows its current message: a consumer that takes both applies the current one and
      // drops the twin by its revision (docs/events.md, Versioning).
      const outgoing = [message, ...toSupersededMessages(source, superseded)].map((published) => ({
        key: published.subject,
        value: JSON.stringify(published),
        headers,
      }));
      if (alert) alerts.push(...outgoing);
      else messages.push(...outgoing);
      if (state !== null) {
        states.delete(state.clientId);
        states.set(state.clientId, {
          key: state.clientId,
          value: state.value === null ? null : JSON.stringify(state.value),
          headers: { 'content-type': 'application/json', [POSITION_HEADER]: event.position.toString() },
        });
      }
    } catch (error) {
      const position = event.position.toString();
      deadLetters.push({
        key: event.streamId,
        value: JSON.stringify({
          eventId: event.eventId,
          streamId: event.streamId,
          type: event.type,
          revision: event.revision,
          position,
        }),
        headers: {
          [DEAD_LETTER_HEADERS.error]: `relay: ${errorText(error)}`.slice(0, 1000),
          [DEAD_LETTER_HEADERS.originTopic]: `event-store (for ${topic})`,
          [DEAD_LETTER_HEADERS.originPartition]: '0',
          [DEAD_LETTER_HEADERS.originOffset]: position,
          [DEAD_LETTER_HEADERS.consumerGroup]: 'event-relay',
          [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date().toISOString(),
        },
      });
    }
  }
  return { messages, alerts, states: [...states.values()], deadLetters, spans };
};

/**
 * The relay's hop of the trace the event was appended in (none for an event appended outside any
 * trace): ended once Kafka acknowledged the batch, and the message's traceparent names it.
 */
const publishSpan = (event: RecordedEvent, topic: string): TraceSpan | null => {
  const parent = traceContextFrom(event.metadata.traceparent, event.metadata.tracestate);
  if (parent === null) return null;
  return startSpan(`publish ${topic}`, {
    kind: 'producer',
    parent,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': topic,
      'crm.event_id': event.eventId,
      'crm.position': event.position.toString(),
    },
  });
};

const errorText = (error: unknown): string => (error instanceof Error ? error.message : 'unknown error');
