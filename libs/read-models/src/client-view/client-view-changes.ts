import type { ClientEvent } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import type { ClientView } from './client-view';

/** The fields an event changes; evolveClientView stamps revision, position and updatedAt. */
export type ViewChanges = Partial<Omit<ClientView, 'revision' | 'position' | 'updatedAt'>>;

export const UNCHANGED: ViewChanges = Object.freeze({});

/** One function per client event type of `T`: the fields it changes. */
export type ChangeHandlersFor<T extends ClientEvent['type']> = {
  readonly [K in T]: (
    event: Extract<ClientEvent, { type: K }>,
    view: ClientView,
    recorded: RecordedEvent,
  ) => ViewChanges;
};

/** One function per client event type (a type without one does not compile). */
export type ChangeHandlers = ChangeHandlersFor<ClientEvent['type']>;
