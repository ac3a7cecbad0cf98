import {
  CLOUDEVENTS_SPEC_VERSION,
  DATA_CONTENT_TYPE,
  INTEGRATION_MESSAGE_SOURCE,
  type IntegrationMessage,
} from './integration-message';
import { IntegrationContractError } from './integration-contract.error';
import { contractOfEventType } from './messages/contract-registry';
import type { MessageContract } from './messages/message-contract';
import type { SourceEvent } from './source-event';
import { isRecord } from './validation/is-record';
import { validateMessage } from './validation/validate-message';

const subjectOf = (event: SourceEvent, contract: MessageContract): string => {
  const prefix = `${contract.stream}-`;
  // A client event outside a client stream means a corrupt log; publishing it under a guessed key
  // would break per-client ordering for consumers.
  if (!event.streamId.startsWith(prefix) || event.streamId.length === prefix.length) {
    throw new IntegrationContractError(contract.integrationType, [`subject: the event is not in a ${contract.stream} stream`]);
  }
  return event.streamId.slice(prefix.length);
};

/**
 * The integration message for a stored event, or null when the event type has no integration
 * contract (it is not published). Data is built by picking the published fields one by one, so a
 * field added to the domain event, or a personal field stored encrypted, never leaks.
 * Throws IntegrationContractError when the result would not satisfy its own contract.
 */
export function toIntegrationMessage(event: SourceEvent): IntegrationMessage | null {
  const contract = contractOfEventType(event.type);
  if (contract === undefined) return null;
  const message: IntegrationMessage = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: event.eventId,
    source: INTEGRATION_MESSAGE_SOURCE,
    type: contract.integrationType,
    subject: subjectOf(event, contract),
    time: event.occurredAt,
    datacontenttype: DATA_CONTENT_TYPE,
    dataschema: contract.dataschema,
    streamrevision: event.revision,
    globalposition: event.position.toString(),
    recordedat: event.recordedAt,
    correlationid: event.correlationId,
    data: contract.toData(isRecord(event.data) ? event.data : {}),
  };
  const { errors } = validateMessage(message);
  if (errors.length > 0) throw new IntegrationContractError(contract.integrationType, errors);
  return message;
}
