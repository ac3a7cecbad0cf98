import { ValidationTypes, EQUALS, IS_ARRAY, MAX, MIN } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { descriptionOf } from '../src/fields/field-registry';
import { CloudEventEnvelope } from '../src/envelope/cloud-event-envelope';
import { ENVELOPE_SCHEMA_ID } from '../src/integration-type';
import {
  CLIENT_STATE_DESCRIPTION,
  CLIENT_STATE_SCHEMA_ID,
  CLIENT_STATE_TYPE,
  ClientStateV1,
} from '../src/state/client-state.v1';
import type { MessageContract } from '../src/messages/message-contract';
import type { InboundFactContract } from '../src/inbound/inbound-fact-contract';
import { InboundCloudEvent } from '../src/inbound/inbound-envelope';
import { INBOUND_ENVELOPE_SCHEMA_ID } from '../src/inbound/inbound-patterns';
import { orderSchemaKeys } from './canonical-json';
import type { JsonSchema } from './json-schema.types';

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

type ConverterMeta = Readonly<{ constraints: unknown[] }>;

/**
 * Corrections to the library's defaults: its Min/Max claim `type: number` and can override an
 * integer depending on decorator order, Equals becomes a one-value enum instead of `const`, and
 * it knows nothing about our nullable enums.
 */
const CONVERTERS = {
  [MIN]: (meta: ConverterMeta) => ({ minimum: meta.constraints[0] }),
  [MAX]: (meta: ConverterMeta) => ({ maximum: meta.constraints[0] }),
  [EQUALS]: (meta: ConverterMeta) => ({ type: 'string', const: meta.constraints[0] }),
  [IS_ARRAY]: { type: 'array' },
  isNullOrIn: (meta: ConverterMeta) => ({ enum: [...(meta.constraints[0] as readonly string[]), null] }),
  isNullOrDate: (meta: ConverterMeta) => ({ type: ['string', 'null'], pattern: meta.constraints[0] }),
  isNullOrCode: (meta: ConverterMeta) => ({ type: ['string', 'null'], pattern: meta.constraints[0] }),
  isClientContext: (meta: ConverterMeta) => meta.constraints[0],
  [ValidationTypes.CONDITIONAL_VALIDATION]: {},
};

/** The library's schema of a class, with our descriptions merged into each property. */
const objectSchemaOf = (
  dataClass: new () => object,
): { properties: Record<string, JsonSchema>; required: string[] } => {
  // The library types its converters and result loosely (openapi3-ts); we only read plain JSON.
  const raw = targetConstructorToSchema(dataClass, { additionalConverters: CONVERTERS as never }) as JsonSchema;
  const rawProperties = (raw.properties ?? {}) as Record<string, JsonSchema>;
  const properties = Object.fromEntries(
    Object.entries(rawProperties).map(([name, schema]) => {
      const description = descriptionOf(dataClass, name);
      return [name, description === undefined ? schema : { ...schema, description }];
    }),
  );
  return { properties, required: (raw.required as string[] | undefined) ?? [] };
};

const closedObject = (
  header: Readonly<{ $id: string; title: string; description: string }>,
  dataClass: new () => object,
): JsonSchema => {
  const { properties, required } = objectSchemaOf(dataClass);
  return orderSchemaKeys({
    $schema: DRAFT_2020_12,
    ...header,
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  });
};

/** Schema of `data` for one message type; its `$id` is the message's `dataschema`. */
export const dataSchemaOf = (contract: MessageContract): JsonSchema =>
  closedObject(
    { $id: contract.dataschema, title: contract.integrationType, description: contract.description },
    contract.dataClass,
  );

export const envelopeSchema = (): JsonSchema =>
  closedObject(
    {
      $id: ENVELOPE_SCHEMA_ID,
      title: 'CloudEvents 1.0 envelope of a CRM integration message',
      description:
        'Structured-mode CloudEvent as published on crm.client-events.v1 and crm.risk-alerts.v1. data is validated against the schema named by dataschema.',
    },
    CloudEventEnvelope,
  );

export const clientStateSchema = (): JsonSchema =>
  closedObject(
    { $id: CLIENT_STATE_SCHEMA_ID, title: CLIENT_STATE_TYPE, description: CLIENT_STATE_DESCRIPTION },
    ClientStateV1,
  );

/** Schema of `data` for one fact type the CRM receives; its `$id` is the fact's dataschema. */
export const inboundDataSchemaOf = (contract: InboundFactContract): JsonSchema =>
  closedObject(
    { $id: contract.dataschema, title: contract.type, description: contract.description },
    contract.dataClass,
  );

export const inboundEnvelopeSchema = (): JsonSchema =>
  closedObject(
    {
      $id: INBOUND_ENVELOPE_SCHEMA_ID,
      title: 'CloudEvents 1.0 envelope of a fact the CRM receives',
      description:
        'Structured-mode CloudEvent as core banking and the survey tool send it on crm.inbound.client-facts.v1 (Kafka key = subject = data.clientId). data is validated against the schema of type.',
    },
    InboundCloudEvent,
  );
