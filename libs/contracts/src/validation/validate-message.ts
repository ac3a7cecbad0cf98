import { CloudEventEnvelope } from '../envelope/cloud-event-envelope';
import { contractOfIntegrationType } from '../messages/contract-registry';
import type { MessageContract } from '../messages/message-contract';
import { isRecord } from './is-record';
import { validateFields } from './validate-fields';

export type MessageCheck = Readonly<{ errors: string[]; contract: MessageContract | undefined }>;

/** Checks the envelope and, when the type is known, the data against that type's contract. */
export const validateMessage = (message: Readonly<Record<string, unknown>>): MessageCheck => {
  const errors = validateFields(CloudEventEnvelope, message);
  const contract = typeof message.type === 'string' ? contractOfIntegrationType(message.type) : undefined;
  if (contract === undefined) {
    if (!errors.some((error) => error.startsWith('type '))) errors.push('type is not a known message type');
    return { errors, contract };
  }
  if (typeof message.dataschema === 'string' && message.dataschema !== contract.dataschema) {
    errors.push('dataschema must be the schema URI of the message type');
  }
  if (isRecord(message.data)) errors.push(...validateFields(contract.dataClass, message.data, 'data'));
  return { errors: [...new Set(errors)], contract };
};
