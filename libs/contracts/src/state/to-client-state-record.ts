import { IntegrationContractError } from '../integration-contract.error';
import { contractOfEventType } from '../messages/contract-registry';
import type { SourceEvent } from '../source-event';
import { validateFields } from '../validation/validate-fields';
import { CLIENT_STATE_TYPE, ClientStateV1 } from './client-state.v1';

/** A record for crm.client-state.v1: its key, and its value or null (a tombstone: the client was erased). */
export type ClientStateRecord = Readonly<{ clientId: string; value: Readonly<Record<string, unknown>> | null }>;

const CLIENT_STREAM_PREFIX = 'client-';

/**
 * The client's state as of a client event, from the context its metadata recorded; null for other
 * events and for client events recorded without a context (nothing to say). Like the messages, the
 * value is built field by field and checked against its own contract before it may be published.
 */
export function toClientStateRecord(event: SourceEvent): ClientStateRecord | null {
  const context = event.context;
  if (context === undefined || contractOfEventType(event.type)?.stream !== 'client') return null;
  if (!event.streamId.startsWith(CLIENT_STREAM_PREFIX)) return null;
  const clientId = event.streamId.slice(CLIENT_STREAM_PREFIX.length);
  // Nothing about an erased client stays on the compacted topic, once compaction has run.
  if (context.erased === true) return { clientId, value: null };
  const value = {
    clientId,
    status: context.status,
    branchId: context.branchId,
    segment: context.segment,
    tier: context.tier ?? null,
    managerId: context.managerId ?? null,
    rating: context.rating ?? null,
    classification: context.classification ?? null,
    streamrevision: event.revision,
    globalposition: event.position.toString(),
    recordedat: event.recordedAt,
  };
  const errors = validateFields(ClientStateV1, value);
  if (errors.length > 0) throw new IntegrationContractError(CLIENT_STATE_TYPE, errors);
  return { clientId, value };
}
