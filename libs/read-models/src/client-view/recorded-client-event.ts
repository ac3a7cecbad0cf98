import { CLIENT_EVENT_TYPES, MANAGER_EVENT_TYPES } from '@crm/domain';
import type { ClientEvent, ClientEventType, ManagerEvent, ManagerEventType } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';

/**
 * Narrowing of stored events to the domain unions. The store keeps `data` as `unknown`; events of
 * a known type were produced by the deciders (and upcast on read), so their data is trusted here
 * rather than re-validated on every fold.
 */
const CLIENT_TYPES: ReadonlySet<string> = new Set<ClientEventType>(CLIENT_EVENT_TYPES);
const MANAGER_TYPES: ReadonlySet<string> = new Set<ManagerEventType>(MANAGER_EVENT_TYPES);

export const CLIENT_STREAM_PREFIX = 'client-';
export const MANAGER_STREAM_PREFIX = 'manager-';

export const isClientStream = (streamId: string): boolean => streamId.startsWith(CLIENT_STREAM_PREFIX);
export const isManagerStream = (streamId: string): boolean => streamId.startsWith(MANAGER_STREAM_PREFIX);

export const clientIdOfStream = (streamId: string): string => streamId.slice(CLIENT_STREAM_PREFIX.length);
export const managerIdOfStream = (streamId: string): string => streamId.slice(MANAGER_STREAM_PREFIX.length);

/** The domain event behind a recorded client-stream event, or null for a type this build does not know. */
export const asClientEvent = (event: RecordedEvent): ClientEvent | null =>
  CLIENT_TYPES.has(event.type) ? ({ type: event.type, data: event.data } as ClientEvent) : null;

export const asManagerEvent = (event: RecordedEvent): ManagerEvent | null =>
  MANAGER_TYPES.has(event.type) ? ({ type: event.type, data: event.data } as ManagerEvent) : null;
