import { CLIENT_EVENT_TYPES, type ClientEvent, type ManagerEvent } from '@crm/domain';
import { dataschemaOf, integrationTypeName } from '../integration-type';

/** Domain events that have an integration contract: every client and manager event. */
export type PublishedEvent = ClientEvent | ManagerEvent;
export type PublishedEventType = PublishedEvent['type'];

export type StreamKind = 'client' | 'manager';

/** The fields of a data class as a plain object type, so a mapping must produce exactly them. */
export type DataOf<C> = { [K in keyof C]: C[K] };

export type MessageContract<T extends PublishedEventType = PublishedEventType> = Readonly<{
  eventType: T;
  integrationType: string;
  dataschema: string;
  /** Which stream the subject comes from: `client-<clientId>` or `manager-<managerId>`. */
  stream: StreamKind;
  description: string;
  dataClass: new () => object;
  /** Picks the published fields from the stored data; it never reads any other field. */
  toData: (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}>;

type ContractSpec<T extends PublishedEventType, C extends object> = Readonly<{
  eventType: T;
  description: string;
  dataClass: new () => C;
  toData: (data: Extract<PublishedEvent, { type: T }>['data']) => DataOf<C>;
}>;

const VERSION = 1;

export const defineContract = <T extends PublishedEventType, C extends object>(
  spec: ContractSpec<T, C>,
): MessageContract<T> => {
  const integrationType = integrationTypeName(spec.eventType, VERSION);
  return {
    eventType: spec.eventType,
    integrationType,
    dataschema: dataschemaOf(integrationType),
    stream: (CLIENT_EVENT_TYPES as readonly string[]).includes(spec.eventType) ? 'client' : 'manager',
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
