import type { IntegrationMessage } from './integration-message';
import { IntegrationContractError } from './integration-contract.error';
import { subjectKindOf } from './messages/contract-registry';

/**
 * The stream whose revisions a message's `streamrevision` counts, as the store names it:
 * `client-<subject>` and `manager-<subject>` for client and manager messages, and
 * `alert-<data.alertId>` for alert messages (their subject is the client, but each alert has its
 * own stream and revisions), `risk-case-<data.caseId>` for risk case messages likewise. A consumer keeps the highest applied revision per returned name.
 *
 * Meant for messages parseIntegrationMessage accepted. An unknown type gets `unknown-<subject>`;
 * an alert message without a string alertId throws IntegrationContractError.
 */
export function dedupeStreamOf(message: IntegrationMessage): string {
  const kind = subjectKindOf(message.type);
  if (kind === 'alert') return `alert-${idIn(message, 'alertId', 'an alert id')}`;
  if (kind === 'risk-case') return `risk-case-${idIn(message, 'caseId', 'a risk case id')}`;
  return `${kind ?? 'unknown'}-${message.subject}`;
}

const idIn = (message: IntegrationMessage, field: 'alertId' | 'caseId', what: string): string => {
  const id: unknown = message.data[field];
  if (typeof id !== 'string' || id === '') {
    throw new IntegrationContractError(message.type, [`data.${field} must be ${what}`]);
  }
  return id;
};
