import { ConstField, InstantField, ObjectField, PatternField } from '../fields/message-fields';
import { TOKEN_PATTERN } from '../fields/patterns';
import {
  CLIENT_ID_PATTERN,
  INBOUND_DATASCHEMA_PATTERN,
  INBOUND_SOURCE_PATTERN,
  INBOUND_TYPE_PATTERN,
} from './inbound-patterns';

/**
 * The CloudEvents 1.0 structured-mode envelope of a fact another system sends the CRM. Closed like
 * the published one: an attribute not listed is refused. `source` + `id` identify the fact; the CRM
 * applies it once however often it is delivered.
 */
export class InboundCloudEvent {
  @ConstField('1.0', { description: 'CloudEvents specification version.' })
  specversion!: '1.0';

  @PatternField(TOKEN_PATTERN, 'must be 1-128 letters, digits, _ . : -', {
    description:
      'Id of the fact, unique per source. A fact resent with the same source and id is applied once (the CRM records it and drops repeats).',
  })
  id!: string;

  @PatternField(INBOUND_SOURCE_PATTERN, 'must be urn:bank:core or urn:bank:survey (with an optional :instance)', {
    description:
      'Sending system: urn:bank:core[:instance] for core banking, urn:bank:survey[:instance] for the survey tool; must match the producer in type.',
  })
  source!: string;

  @PatternField(INBOUND_TYPE_PATTERN, 'must look like bank.core.<Fact>.v<n> or bank.survey.<Fact>.v<n>', {
    description: 'Fact type; selects the schema of data.',
  })
  type!: string;

  @PatternField(CLIENT_ID_PATTERN, 'must be a client id (lower-case uuid)', {
    description: 'The client the fact is about; equals the Kafka key and data.clientId.',
  })
  subject!: string;

  @InstantField({
    description: 'When the fact happened in the world; recorded as the occurredAt of the events it causes.',
    optional: true,
  })
  time?: string;

  @ConstField('application/json', { description: 'Media type of data.' })
  datacontenttype!: 'application/json';

  @PatternField(INBOUND_DATASCHEMA_PATTERN, 'must be the schema URI of a fact type', {
    description:
      'URI of the JSON Schema of data, the $id of docs/schemas/<type>.json; when given, it must be the one of type.',
    optional: true,
  })
  dataschema?: string;

  @ObjectField({ description: 'The fact. Its schema is the one of type.' })
  data!: Record<string, unknown>;
}
