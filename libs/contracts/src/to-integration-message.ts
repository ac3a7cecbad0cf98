import {
  CLOUDEVENTS_SPEC_VERSION,
  DATA_CONTENT_TYPE,
  INTEGRATION_MESSAGE_SOURCE,
  type IntegrationMessage,
} from './integration-message';
import { messageContextOf } from './fields/client-context';
import { CODE_PATTERN } from './fields/patterns';
import { IntegrationContractError } from './integration-contract.error';
import { contractFieldsOf } from './fields/field-registry';
import { contractOfEventType, supersededContractsOf } from './messages/contract-registry';
import type { MessageContract } from './messages/message-contract';
import type { SourceEvent } from './source-event';
import { isRecord } from './validation/is-record';
import { validateMessage } from './validation/validate-message';

const refuse = (contract: MessageContract, error: string): never => {
  throw new IntegrationContractError(contract.integrationType, [error]);
};

/**
 * Client and manager events: the id of their stream. Alert events: the client of the alert, from
 * `data.clientId` (Kafka key = clientId, so a client's alerts stay in order with each other); the
 * event must still be in the stream of its own alert, since consumers count revisions per alert.
 * Risk case events likewise: the client from `data.clientId`, revisions per case.
 */
const subjectOf = (event: SourceEvent, contract: MessageContract, data: Readonly<Record<string, unknown>>): string => {
  if (contract.stream === 'alert') {
    const { alertId, clientId } = data;
    if (typeof alertId !== 'string' || alertId === '' || event.streamId !== `alert-${alertId}`) {
      return refuse(contract, 'subject: the event is not in the alert stream of its data.alertId');
    }
    if (typeof clientId !== 'string' || !CODE_PATTERN.test(clientId)) {
      return refuse(contract, 'subject: data.clientId must be an id of 1-64 letters, digits, _ . -');
    }
    return clientId;
  }
  if (contract.stream === 'risk-case') {
    const { caseId, clientId } = data;
    if (typeof caseId !== 'string' || caseId === '' || event.streamId !== `risk-case-${caseId}`) {
      return refuse(contract, 'subject: the event is not in the risk case stream of its data.caseId');
    }
    if (typeof clientId !== 'string' || !CODE_PATTERN.test(clientId)) {
      return refuse(contract, 'subject: data.clientId must be an id of 1-64 letters, digits, _ . -');
    }
    return clientId;
  }
  const prefix = `${contract.stream}-`;
  // A client event outside a client stream means a corrupt log; publishing it under a guessed key
  // would break per-client ordering for consumers.
  if (!event.streamId.startsWith(prefix) || event.streamId.length === prefix.length) {
    return refuse(contract, `subject: the event is not in a ${contract.stream} stream`);
  }
  return event.streamId.slice(prefix.length);
};

const withContext = (
  contract: MessageContract,
  data: Record<string, unknown>,
  recorded: SourceEvent['context'],
): Record<string, unknown> => {
  // Superseded versions are published as they were, without the later context.
  const context = contractFieldsOf(contract.dataClass).has('context') ? messageContextOf(recorded) : undefined;
  return context === undefined ? data : { ...data, context };
};

/**
 * The integration message for a stored event, or null when the event type has no integration
 * contract (it is not published). Data is built by picking the published fields one by one, so a
 * field added to the domain event, or a personal field stored encrypted, never leaks.
 * Throws IntegrationContractError when the result would not satisfy its own contract.
 */
export function toIntegrationMessage(event: SourceEvent): IntegrationMessage | null {
  const contract = contractOfEventType(event.type);
  return contract === undefined ? null : messageUnder(contract, event);
}

/**
 * The event under the superseded versions of its type that `published` names (during a migration
 * window, docs/events.md Versioning): the same id, subject and revision as its current message.
 */
export function toSupersededMessages(event: SourceEvent, published: ReadonlySet<string>): IntegrationMessage[] {
  if (published.size === 0) return [];
  return supersededContractsOf(event.type, published).map((contract) => messageUnder(contract, event));
}

const messageUnder = (contract: MessageContract, event: SourceEvent): IntegrationMessage => {
  const data = isRecord(event.data) ? event.data : {};
  const message: IntegrationMessage = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: event.eventId,
    source: INTEGRATION_MESSAGE_SOURCE,
    type: contract.integrationType,
    subject: subjectOf(event, contract, data),
    time: event.occurredAt,
    datacontenttype: DATA_CONTENT_TYPE,
    dataschema: contract.dataschema,
    streamrevision: event.revision,
    globalposition: event.position.toString(),
    recordedat: event.recordedAt,
    correlationid: event.correlationId,
    data: withContext(contract, contract.toData(data), event.context),
  };
  const { errors } = validateMessage(message);
  if (errors.length > 0) throw new IntegrationContractError(contract.integrationType, errors);
  return message;
};
