import {
  ALERT_EVENT_TYPES,
  CLIENT_EVENT_TYPES,
  RISK_CASE_EVENT_TYPES,
  type AlertEvent,
  type ClientEvent,
  type ManagerEvent,
  type RiskCaseEvent,
} from '@crm/domain';
import { dataschemaOf, integrationTypeName } from '../integration-type';
import { CLIENT_EVENTS_TOPIC, RISK_ALERTS_TOPIC } from '../topics';

/** Domain events that have an integration contract: every client, manager, alert and risk case event. */
export type PublishedEvent = ClientEvent | ManagerEvent | AlertEvent | RiskCaseEvent;
export type PublishedEventType = PublishedEvent['type'];

/**
 * The stream an event is stored in: `client-<clientId>`, `manager-<managerId>`, `alert-<alertId>`
 * or `risk-case-<caseId>`. Revisions count per stream, so consumers deduplicate per stream.
 */
export type StreamKind = 'client' | 'manager' | 'alert' | 'risk-case';

/** The fields of a data class as a plain object type, so a mapping must produce exactly them. */
export type DataOf<C> = { [K in keyof C]: C[K] };

export type MessageContract<T extends PublishedEventType = PublishedEventType> = Readonly<{
  eventType: T;
  integrationType: string;
  dataschema: string;
  /**
   * Which stream the event lives in. The subject is the id in a `client-` or `manager-` stream;
   * for an `alert-<alertId>` or `risk-case-<caseId>` stream it is the event's `data.clientId`.
   */
  stream: StreamKind;
  /** The Kafka topic the message is published on. */
  topic: string;
  description: string;
  dataClass: new () => object;
  /** Picks the published fields from the stored data; it never reads any other field. */
  toData: (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}>;

type ContractSpec<T extends PublishedEventType, C extends object> = Readonly<{
  eventType: T;
  /** The message version (`.vN` of the type name); 1 unless the data's shape changed incompatibly. */
  version?: number;
  description: string;
  dataClass: new () => C;
  toData: (data: Extract<PublishedEvent, { type: T }>['data']) => DataOf<C>;
}>;

const streamKindOf = (eventType: PublishedEventType): StreamKind => {
  if ((CLIENT_EVENT_TYPES as readonly string[]).includes(eventType)) return 'client';
  if ((ALERT_EVENT_TYPES as readonly string[]).includes(eventType)) return 'alert';
  if ((RISK_CASE_EVENT_TYPES as readonly string[]).includes(eventType)) return 'risk-case';
  return 'manager';
};

/**
 * Alerts and risk cases have a topic of their own (docs/events.md, Topics); client and manager
 * events share one.
 */
const TOPIC_OF: Readonly<Record<StreamKind, string>> = {
  client: CLIENT_EVENTS_TOPIC,
  manager: CLIENT_EVENTS_TOPIC,
  alert: RISK_ALERTS_TOPIC,
  'risk-case': RISK_ALERTS_TOPIC,
};

export const defineContract = <T extends PublishedEventType, C extends object>(
  spec: ContractSpec<T, C>,
): MessageContract<T> => {
  const integrationType = integrationTypeName(spec.eventType, spec.version ?? 1);
  const stream = streamKindOf(spec.eventType);
  return {
    eventType: spec.eventType,
    integrationType,
    dataschema: dataschemaOf(integrationType),
    stream,
    topic: TOPIC_OF[stream],
    description: spec.description,
    dataClass: spec.dataClass,
    // Stored data is not trusted to match its type (old versions, later encryption); the mapping
    // only picks fields and the message is validated afterwards, so the typed view is safe here.
    toData: spec.toData as unknown as MessageContract['toData'],
  };
};

/** `{ key: value }` when the optional value is present, `{}` otherwise, for spreading into data. */
export const whenPresent = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
