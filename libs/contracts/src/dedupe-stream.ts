import type { IntegrationMessage } from './integration-message';
import { IntegrationContractError } from './integration-contract.error';
import { subjectKindOf } from './messages/contract-registry';

/**
 * The stream whose revisions a message's `streamrevision` counts, as the store names it:
 * `client-<subject>` and `manager-<subject>` for client and manager messages, and
 * `alert-<data.alertId>` for alert messages (their subject is the client, but each alert has its
 * own stream and revisions). A consumer keeps the highest applied revision per returned name.
 *
 * Meant for messages parseIntegrationMessage accepted. An unknown type gets `unknown-<subject>`;
 * an alert message without a string alertId throws IntegrationContractError.
 */
export function dedupeStreamOf(message: IntegrationMessage): string {
  const kind = subjectKindOf(message.type);
  if (kind !== 'alert') return `${kind ?? 'unknown'}-${message.subject}`;
  const alertId: unknown = message.data.alertId;
  if (typeof alertId !== 'string' || alertId === '') {
    throw new IntegrationContractError(message.type, ['data.alertId must be an alert id']);
  }
  return `alert-${alertId}`;
}
