import { ConstField, IdField, InstantField, IntegerField, ObjectField, PatternField } from '../fields/message-fields';
import {
  DATASCHEMA_PATTERN,
  INTEGRATION_TYPE_PATTERN,
  POSITION_PATTERN,
  SOURCE_PATTERN,
  TOKEN_PATTERN,
} from '../fields/patterns';

/**
 * The CloudEvents 1.0 structured-mode envelope around every integration message. It is closed:
 * an attribute not listed here is refused, so nothing can ride along outside `data` either.
 */
export class CloudEventEnvelope {
  @ConstField('1.0', { description: 'CloudEvents specification version.' })
  specversion!: '1.0';

  @PatternField(TOKEN_PATTERN, 'must be 1-128 letters, digits, _ . : -', {
    description: 'Event id from the store (uuid v7). The same event redelivered keeps its id.',
  })
  id!: string;

  @PatternField(SOURCE_PATTERN, 'must be a urn:bank:crm: URN', {
    description: 'Producer of the event: urn:bank:crm:event-store for everything the relay publishes.',
  })
  source!: string;

  @PatternField(INTEGRATION_TYPE_PATTERN, 'must look like bank.crm.<EventName>.v<n>', {
    description: 'Message type, bank.crm.<EventName>.v<n>; selects the schema of data.',
  })
  type!: string;

  @IdField({ description: 'clientId for client and alert events, managerId for manager events; equals the Kafka key.' })
  subject!: string;

  @InstantField({ description: 'When the fact happened in the world (the event occurredAt).' })
  time!: string;

  @ConstField('application/json', { description: 'Media type of data.' })
  datacontenttype!: 'application/json';

  @PatternField(DATASCHEMA_PATTERN, 'must be the schema URI of a message type', {
    description: 'URI of the JSON Schema of data; the $id of docs/schemas/<type>.json.',
  })
  dataschema!: string;

  @IntegerField(0, Number.MAX_SAFE_INTEGER, {
    description:
      'Revision of the event in its stream, from 0: the client or manager stream (the subject), or for alert events the alert stream (data.alertId). Drop a message whose (stream, streamrevision) you have already applied.',
  })
  streamrevision!: number;

  @PatternField(POSITION_PATTERN, 'must be a non-negative integer as a decimal string', {
    description: 'Position in the store global log (64-bit, so a decimal string). Increases with commit order.',
  })
  globalposition!: string;

  @InstantField({ description: 'When the event store committed the event.' })
  recordedat!: string;

  @PatternField(TOKEN_PATTERN, 'must be 1-128 letters, digits, _ . : -', {
    description: 'Correlation id of the request that caused the event; shared by the events it caused.',
  })
  correlationid!: string;

  @ObjectField({
    description:
      'The event facts: ids, codes, enums, amounts and dates, plus the reasons risk rules generate for alerts. Its schema is dataschema.',
  })
  data!: Record<string, unknown>;
}
