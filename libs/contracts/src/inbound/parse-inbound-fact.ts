import { MAX_MESSAGE_BYTES } from '../integration-message';
import { isRecord } from '../validation/is-record';
import { validateFields } from '../validation/validate-fields';
import type { InboundFactContract } from './inbound-fact-contract';
import { inboundFactContractOf } from './inbound-fact-registry';
import { InboundCloudEvent } from './inbound-envelope';
import { producerOf } from './inbound-patterns';

/** A fact that passed every check: its envelope, its type's schema, and its key. */
export type InboundFact = Readonly<{
  id: string;
  source: string;
  type: string;
  /** The client id: the subject, the Kafka key and data.clientId, all three equal. */
  subject: string;
  time: string | undefined;
  data: Readonly<Record<string, unknown>>;
  contract: InboundFactContract;
}>;

/** Errors name fields and rules, never values: they go into dead-letter headers and logs. */
export type InboundParseResult = { ok: true; fact: InboundFact } | { ok: false; errors: string[] };

const refuse = (...errors: string[]): InboundParseResult => ({ ok: false, errors });

/**
 * Reads one Kafka record of crm.inbound.client-facts.v1 as a hostile input: size, JSON, the closed
 * envelope, a known type from the producer the source names, data against the type's schema, and
 * the Kafka key, subject and data.clientId all naming the same client.
 */
export const parseInboundFact = (key: string | null, value: Buffer | null): InboundParseResult => {
  if (value === null || value.byteLength === 0) return refuse('message has no value');
  if (value.byteLength > MAX_MESSAGE_BYTES) return refuse(`message is larger than ${MAX_MESSAGE_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    // The parser's message quotes the input around the error; never pass it on.
    return refuse('message is not valid JSON');
  }
  if (!isRecord(parsed)) return refuse('message is not a JSON object');
  const errors = validateFields(InboundCloudEvent, parsed);
  const type = typeof parsed.type === 'string' ? parsed.type : '';
  const contract = inboundFactContractOf(type);
  if (contract === undefined) {
    if (!errors.some((error) => error.startsWith('type '))) errors.push('type is not a known fact type');
    return refuse(...errors);
  }
  if (typeof parsed.source === 'string' && producerOf(parsed.source) !== contract.producer) {
    errors.push(`source must be a urn:bank:${contract.producer} source for this type`);
  }
  if (parsed.dataschema !== undefined && parsed.dataschema !== contract.dataschema) {
    errors.push('dataschema must be the schema URI of the fact type');
  }
  if (isRecord(parsed.data)) {
    errors.push(...validateFields(contract.dataClass, parsed.data, 'data'));
    if (parsed.data.clientId !== parsed.subject) errors.push('data.clientId must equal subject');
  }
  if (key !== parsed.subject) errors.push('Kafka key must equal subject');
  if (errors.length > 0) return refuse(...new Set(errors));
  const data = parsed.data as Readonly<Record<string, unknown>>;
  return {
    ok: true,
    fact: {
      id: parsed.id as string,
      source: parsed.source as string,
      type,
      subject: parsed.subject as string,
      time: typeof parsed.time === 'string' ? parsed.time : undefined,
      // A detached copy: the caller never holds the sender's objects.
      data: Object.fromEntries(Object.entries(data)),
      contract,
    },
  };
};
