import {
  clientDecider,
  managerDecider,
  weekdaysCalendar,
  type CalendarCommandMetadata,
  type ClientCommand,
  type ClientEvent,
  type ClientState,
  type ManagerCommand,
  type ManagerEvent,
  type ManagerState,
} from '@crm/domain';
import type { RealisticEvent } from '../../libs/testing/src/realistic-client-data';
import { clientCommandFor, managerCommandFor } from '../../libs/testing/src/realistic-commands';

/** A command as a caller would send it, on a client or a manager. */
export type DemoCommand =
  | Readonly<{ kind: 'client'; clientId: string; command: ClientCommand }>
  | Readonly<{ kind: 'manager'; managerId: string; command: ManagerCommand }>;

/** The generator dates arrears on the bank's calendar in Shanghai; no alert is decided on this path. */
const CALENDAR = weekdaysCalendar('Asia/Shanghai');

/**
 * Turns the realistic generator's history back into the commands that produce it, at the instant
 * each happened and by its actor. It follows the history (folding each stream with its decider),
 * because some commands carry what the API's handlers would load: the manager's snapshot, the
 * client's covering manager.
 */
export class DemoCommands {
  private readonly clients = new Map<string, ClientState>();
  private readonly managers = new Map<string, ManagerState>();

  commandOf({ streamId, event }: RealisticEvent): DemoCommand {
    const metadata: CalendarCommandMetadata = {
      now: event.metadata.occurredAt,
      // The generator writes only domain roles; the store's metadata type is wider (string).
      actor: event.metadata.actor as CalendarCommandMetadata['actor'],
      calendar: CALENDAR,
    };
    if (streamId.startsWith('manager-')) {
      const managerId = streamId.slice('manager-'.length);
      const domainEvent = { type: event.type, data: event.data } as ManagerEvent;
      const state = this.managers.get(managerId) ?? managerDecider.initialState();
      this.managers.set(managerId, managerDecider.evolve(state, domainEvent));
      return { kind: 'manager', managerId, command: managerCommandFor(domainEvent, metadata) };
    }
    const clientId = streamId.slice('client-'.length);
    const domainEvent = { type: event.type, data: event.data } as ClientEvent;
    const state = this.clients.get(clientId) ?? clientDecider.initialState();
    const command = clientCommandFor(domainEvent, state, this.managers, metadata);
    this.clients.set(clientId, clientDecider.evolve(state, domainEvent));
    return { kind: 'client', clientId, command };
  }
}
