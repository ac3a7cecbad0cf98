import { ERASED } from '@crm/domain';
import type { RecordedEvent } from '../event-store.port';
import { DataKeyError, type DataKeyState, type LiveDataKey } from './data-key-ring';
import {
  envelopeKeyVersion,
  isEnvelope,
  namesKeyVersion,
  openField,
  type FieldContext,
  type FieldEnvelope,
} from './field-envelope';
import { DeferredField } from './personal-fields';
import { personalDataToken } from './personal-data-token';

/** Each event of a client (`clients[index]` not null) with its data mapped; the others as they are. */
export const mapClientEvents = (
  events: readonly RecordedEvent[],
  clients: readonly (string | null)[],
  mapData: (event: RecordedEvent, clientId: string) => unknown,
): RecordedEvent[] =>
  events.map((event, index) => {
    const clientId = clients[index];
    if (clientId === null) return event;
    const data = mapData(event, clientId);
    return data === event.data ? event : { ...event, data };
  });

/** A field as the read models get it: erased, a token for a sealed one, plaintext as stored. */
export const tokenOf = (value: unknown, kind: DataKeyState['kind'], context: FieldContext): unknown => {
  if (kind === 'destroyed') return ERASED;
  return isEnvelope(value) ? personalDataToken(value, context) : value;
};

export const MISSING: DataKeyState = { kind: 'missing' };

/** A sealed field of a live key, opened on its first read. */
class SealedField extends DeferredField {
  constructor(
    private readonly key: LiveDataKey,
    private readonly envelope: FieldEnvelope,
    private readonly streamId: string,
    private readonly eventId: string,
    private readonly path: string,
  ) {
    super();
  }

  read(): unknown {
    return openField(this.key.key, this.envelope, { streamId: this.streamId, eventId: this.eventId, path: this.path });
  }
}

/** How a field of a live key opens on its first read; null for plaintext, which reads as stored. */
export const openingOnRead = (
  value: unknown,
  key: LiveDataKey,
  event: RecordedEvent,
  path: string,
): DeferredField | null => {
  if (!isEnvelope(value)) return null;
  // Another key version, or a malformed envelope: fails now, with the error opening now gives.
  if (!namesKeyVersion(value, key.version))
    openValue(value, key, { streamId: event.streamId, eventId: event.eventId, path });
  return new SealedField(key, value, event.streamId, event.eventId, path);
};

export const openValue = (value: unknown, state: DataKeyState, context: FieldContext): unknown => {
  if (state.kind === 'destroyed') return ERASED;
  // Written before encryption was switched on (and the client not erased): as stored.
  if (!isEnvelope(value)) return value;
  if (state.kind === 'missing') {
    // Fail closed and loud: showing "[erased]" would hide a lost or mismatched key store.
    throw new DataKeyError(
      `stream ${context.streamId}, event ${context.eventId}: no data key for its encrypted field ${context.path}`,
    );
  }
  if (envelopeKeyVersion(value, context) !== state.version) {
    throw new DataKeyError(
      `stream ${context.streamId}, event ${context.eventId}: field ${context.path} was sealed with another key version`,
    );
  }
  return openField(state.key, value, context);
};
