/**
 * An integration message: a CloudEvents 1.0 event in structured mode, the same JSON document on
 * every transport. Extension attributes are lower-case letters only, as CloudEvents requires.
 */
export type IntegrationMessage<D = Record<string, unknown>> = Readonly<{
  specversion: '1.0';
  /** The store's eventId: unique per event, so consumers can spot a redelivery. */
  id: string;
  source: string;
  /** `bank.crm.<EventName>.v<n>` */
  type: string;
  /** clientId for client and alert events, managerId for manager events; also the Kafka key. */
  subject: string;
  /** When the fact happened (the event's occurredAt). */
  time: string;
  datacontenttype: 'application/json';
  /** `$id` of the JSON Schema that `data` satisfies. */
  dataschema: string;
  /**
   * Revision of the event in its stream (0 for the first): the subject's stream for client and
   * manager events, the alert's stream for alert events. Per stream it only grows (dedupeStreamOf).
   */
  streamrevision: number;
  /** Position in the store's global log, a decimal string because it is 64-bit. */
  globalposition: string;
  /** When the store committed the event. */
  recordedat: string;
  correlationid: string;
  data: D;
}>;

export const CLOUDEVENTS_SPEC_VERSION = '1.0';

export const DATA_CONTENT_TYPE = 'application/json';

/** Every message this project publishes comes from the event store through the relay. */
export const INTEGRATION_MESSAGE_SOURCE = 'urn:bank:crm:event-store';

/** Value of a Kafka `content-type` header for structured-mode CloudEvents (the CloudEvents Kafka protocol binding). */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** Larger messages are refused unread, like oversized HTTP bodies (docs/security.md, threat model). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
