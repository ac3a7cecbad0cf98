import { stringify } from 'yaml';
import type { IntegrationMessage } from '../src/integration-message';
import { CLIENT_STATE_DESCRIPTION, CLIENT_STATE_TYPE } from '../src/state/client-state.v1';
import {
  CLIENT_EVENTS_TOPIC,
  CLIENT_STATE_TOPIC,
  DEAD_LETTER_TOPIC,
  INBOUND_CLIENT_FACTS_TOPIC,
  RISK_ALERTS_TOPIC,
} from '../src/topics';
import type { InboundFactContract } from '../src/inbound/inbound-fact-contract';
import type { MessageContract } from '../src/messages/message-contract';

export type DocumentedMessage = Readonly<{ contract: MessageContract; example: IntegrationMessage }>;

const KAFKA_BINDING_VERSION = '0.5.0';

export const schemaFileOf = (integrationType: string): string => `${integrationType}.json`;
export const ENVELOPE_SCHEMA_FILE = 'cloudevent-envelope.json';
export const INBOUND_ENVELOPE_SCHEMA_FILE = 'inbound-cloudevent-envelope.json';

/** A fact the CRM receives, named by its type (the producer is part of it). */
const inboundMessageOf = (contract: InboundFactContract) => ({
  name: contract.type,
  title: contract.type.split('.')[2],
  summary: contract.description,
  contentType: 'application/cloudevents+json',
  payload: {
    allOf: [
      { $ref: `./schemas/${INBOUND_ENVELOPE_SCHEMA_FILE}` },
      {
        type: 'object',
        properties: {
          type: { const: contract.type },
          data: { $ref: `./schemas/${schemaFileOf(contract.type)}` },
        },
      },
    ],
  },
  bindings: {
    kafka: {
      key: { type: 'string', description: 'Kafka key: clientId (equals subject and data.clientId).' },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
});

const inboundKeyOf = (contract: InboundFactContract): string => `Inbound${contract.type.split('.')[2]}`;

const keyOf = (contract: MessageContract): string => {
  switch (contract.stream) {
    case 'client':
      return 'clientId (the subject)';
    case 'manager':
      return 'managerId (the subject)';
    case 'alert':
      return 'clientId (the subject, also data.clientId); revisions count per data.alertId';
    case 'risk-case':
      return 'clientId (the subject, also data.clientId); revisions count per data.caseId';
  }
};

/** For tracing only: nothing of the business is in a header (the value holds everything). */
const TRACE_HEADERS = {
  type: 'object',
  properties: {
    traceparent: {
      type: 'string',
      pattern: '^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$',
      description:
        'W3C Trace Context of the relay publishing the message, continuing the trace the event was written in (absent on events older than tracing).',
    },
    tracestate: {
      type: 'string',
      description: 'W3C tracestate of the trace, when the caller of the API sent a well-formed one.',
    },
  },
};

const messageOf = ({ contract, example }: DocumentedMessage) => ({
  name: contract.integrationType,
  title: contract.eventType,
  summary: contract.description,
  contentType: 'application/cloudevents+json',
  correlationId: { location: '$message.payload#/correlationid' },
  payload: {
    allOf: [
      { $ref: `./schemas/${ENVELOPE_SCHEMA_FILE}` },
      {
        type: 'object',
        properties: {
          type: { const: contract.integrationType },
          dataschema: { const: contract.dataschema },
          data: { $ref: `./schemas/${schemaFileOf(contract.integrationType)}` },
        },
      },
    ],
  },
  headers: { $ref: '#/components/schemas/TraceHeaders' },
  bindings: {
    kafka: {
      key: { type: 'string', description: `Kafka key: ${keyOf(contract)}.` },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
  examples: [{ name: contract.eventType, payload: example }],
});

const channelBinding = (topic: string) => ({ kafka: { topic, bindingVersion: KAFKA_BINDING_VERSION } });

/** Names (event types) of the messages published on a topic, in catalogue order. */
const namesOn = (messages: readonly DocumentedMessage[], topic: string): string[] =>
  messages.filter(({ contract }) => contract.topic === topic).map(({ contract }) => contract.eventType);

const channelMessages = (names: readonly string[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/messages/${name}` }]));

const CLIENT_STATE_MESSAGE = {
  name: CLIENT_STATE_TYPE,
  title: 'ClientState',
  summary: CLIENT_STATE_DESCRIPTION,
  contentType: 'application/json',
  payload: { oneOf: [{ $ref: `./schemas/${schemaFileOf(CLIENT_STATE_TYPE)}` }, { type: 'null' }] },
  bindings: {
    kafka: {
      key: { type: 'string', description: 'Kafka key: clientId.' },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
};

/** The four topics; messages are referenced from components. */
const channelsOf = (names: readonly string[], alertNames: readonly string[]) => ({
  clientEvents: {
    address: CLIENT_EVENTS_TOPIC,
    title: 'Client and manager events',
    description: [
      'One message per client or manager event, in stream order. Key = subject (clientId, or managerId',
      'for manager events), so all messages of one client are in one partition, in order.',
      'The relay publishes each event once, even across its crashes; still drop a message whose',
      '(subject, streamrevision) you have already applied (a replay or a second producer can repeat one).',
    ].join('\n'),
    messages: channelMessages(names),
    bindings: channelBinding(CLIENT_EVENTS_TOPIC),
  },
  riskAlerts: {
    address: RISK_ALERTS_TOPIC,
    title: 'Early-warning alerts and risk cases',
    description: [
      'One message per alert lifecycle event (raised, acknowledged, escalated, resolved, reopened), in the',
      'order of each alert, and one per risk case event (opened, alert joined, changed or resolved, closed,',
      'assigned, overdue), in the order of each case. Key = subject = clientId, so all alerts and cases of',
      'one client are in one partition. streamrevision counts the events of one alert (or case), not of the',
      'client. Each is published once; still drop a message whose (data.alertId, streamrevision), or',
      '(data.caseId, streamrevision), you have already applied.',
    ].join('\n'),
    messages: channelMessages(alertNames),
    bindings: channelBinding(RISK_ALERTS_TOPIC),
  },
  clientState: {
    address: CLIENT_STATE_TOPIC,
    title: 'Latest state of each client (compacted)',
    description: [
      'Compacted: one record per client, its latest non-personal state as of the streamrevision it names;',
      'a tombstone (null value) once the client was erased. A new consumer reads it to the end, then follows',
      'crm.client-events.v1 from a few minutes before it started (docs/events.md, Starting a new consumer).',
    ].join('\n'),
    messages: { ClientState: { $ref: '#/components/messages/ClientState' } },
    bindings: channelBinding(CLIENT_STATE_TOPIC),
  },
  deadLetter: {
    address: DEAD_LETTER_TOPIC,
    title: 'Dead letters',
    description:
      'Messages a consumer could not process, with the error and origin. The format belongs to the consumer kit (libs/messaging).',
    messages: {},
    bindings: channelBinding(DEAD_LETTER_TOPIC),
  },
});

/**
 * The AsyncAPI 3.0 description of the Kafka contract. Payload schemas are referenced, not copied,
 * so docs/schemas stays the single definition consumers validate against.
 */
export const asyncApiDocument = (
  messages: readonly DocumentedMessage[],
  inbound: readonly InboundFactContract[],
): string => {
  const inboundNames = inbound.map(inboundKeyOf);
  const names = namesOn(messages, CLIENT_EVENTS_TOPIC);
  const alertNames = namesOn(messages, RISK_ALERTS_TOPIC);
  const document = {
    asyncapi: '3.0.0',
    info: {
      title: 'CRM client-relationship events',
      version: '1.0.0',
      description: [
        'Integration messages of the client-relationship backbone. Every message is a CloudEvents 1.0',
        'structured-mode JSON document. Messages carry no personal data (no names, contact details or free',
        'text; the one text is the short reason of an alert, about credit facts); consumers that need more',
        'ask the CRM API. Generated by `npm run contracts:generate`; see',
        'docs/events.md for ordering, duplicates and versioning.',
      ].join('\n'),
    },
    defaultContentType: 'application/cloudevents+json',
    channels: {
      ...channelsOf(names, alertNames),
      inboundClientFacts: {
        address: INBOUND_CLIENT_FACTS_TOPIC,
        title: 'Facts the CRM receives from core banking and the survey tool',
        description: [
          'Sent by other systems of the bank, read by the ingest worker (apps/ingest). Key = subject = data.clientId,',
          "so one client's facts stay in order. A fact is applied once per (source, id), however often it is sent;",
          'an invalid one goes to crm.dead-letter.v1 with the reason; one about a client the CRM does not know yet',
          'is held and retried for INGEST_PARK_MS, then dead-lettered.',
        ].join('\n'),
        messages: channelMessages(inboundNames),
        bindings: channelBinding(INBOUND_CLIENT_FACTS_TOPIC),
      },
    },
    operations: {
      receiveClientEvents: {
        action: 'receive',
        title: 'Consume client and manager events',
        channel: { $ref: '#/channels/clientEvents' },
        messages: names.map((name) => ({ $ref: `#/channels/clientEvents/messages/${name}` })),
      },
      receiveRiskAlerts: {
        action: 'receive',
        title: 'Consume early-warning alerts',
        channel: { $ref: '#/channels/riskAlerts' },
        messages: alertNames.map((name) => ({ $ref: `#/channels/riskAlerts/messages/${name}` })),
      },
      receiveClientStates: {
        action: 'receive',
        title: 'Bootstrap from the latest client states',
        channel: { $ref: '#/channels/clientState' },
        messages: [{ $ref: '#/channels/clientState/messages/ClientState' }],
      },
      receiveInboundClientFacts: {
        action: 'receive',
        title: 'The CRM receives client facts (core banking and the survey tool send them)',
        channel: { $ref: '#/channels/inboundClientFacts' },
        messages: inboundNames.map((name) => ({ $ref: `#/channels/inboundClientFacts/messages/${name}` })),
      },
      receiveDeadLetters: {
        action: 'receive',
        title: 'Inspect dead letters',
        channel: { $ref: '#/channels/deadLetter' },
      },
    },
    components: {
      schemas: { TraceHeaders: TRACE_HEADERS },
      messages: {
        ...Object.fromEntries(messages.map((message) => [message.contract.eventType, messageOf(message)])),
        ClientState: CLIENT_STATE_MESSAGE,
        ...Object.fromEntries(inbound.map((contract) => [inboundKeyOf(contract), inboundMessageOf(contract)])),
      },
    },
  };
  const header = '# Generated by `npm run contracts:generate` from libs/contracts. Do not edit.\n';
  // lineWidth 0: never fold long strings, so a wording change touches one line of the diff.
  // version 1.1: quote strings that YAML 1.1 readers (js-yaml, PyYAML) would turn into timestamps
  // or booleans; the quoted output reads the same under YAML 1.2.
  return header + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' });
};
