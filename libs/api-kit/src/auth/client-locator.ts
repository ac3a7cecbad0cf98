import {
  alertStreamId,
  clientStreamId,
  currentManagerId,
  managerDecider,
  managerStreamId,
  type ClientState,
  type ManagerState,
} from '@crm/domain';
import { loadStream, StreamStateCache, type EventStore } from '@crm/event-store';
import type { AlertQueries, ClientListQueries, ReadModelStore } from '@crm/read-models';
import type { ClientLocation, ClientTeam } from '@crm/policy';
import { clientLocationDecider } from './client-location-decider';

/** Streams whose folded state the locator keeps, per kind; only the fallback and write paths fold. */
const CACHED_STREAMS = 2_000;

/**
 * Where clients, alerts and managers sit (branch, covering manager), for the access guard. Reads
 * ask the read model they are about to read; a client (or manager) not projected yet — registered a
 * moment ago — is looked up in its event stream, so its creator's branch can work on it at once.
 * Writes (and reads that name a `minPosition`) ask the stream directly: it is what the decider will
 * decide on, so a client reassigned a moment ago is the new manager's at once and no longer the old
 * one's. Folded states are cached per stream (StreamStateCache), so a repeated check reads only the
 * events appended since.
 */
export class ClientLocator {
  private readonly clientStates = new StreamStateCache<ClientState>(CACHED_STREAMS);
  private readonly managerStates = new StreamStateCache<ManagerState>(CACHED_STREAMS);

  constructor(
    private readonly lists: ClientListQueries,
    private readonly alerts: AlertQueries,
    private readonly readModels: ReadModelStore,
    private readonly store: EventStore,
  ) {}

  /** Null when there is no such client. `fromStream` skips the read model (writes). */
  async client(clientId: string, fromStream: boolean): Promise<ClientLocation | null> {
    if (!fromStream) {
      const projected = await this.lists.clientLocation(clientId);
      if (projected !== null) return projected;
    }
    const { state } = await loadStream(this.store, clientStreamId(clientId), clientLocationDecider, {
      cache: this.clientStates,
    });
    const branchId = state.status === 'none' ? undefined : (state as { branchId?: unknown }).branchId;
    return typeof branchId === 'string' ? { branchId, managerId: currentManagerId(state) } : null;
  }

  /**
   * The client's covering manager and team, from its stream (the deny path of a relationship
   * manager's check only, so never from the read model); null when there is no such client.
   */
  async team(clientId: string): Promise<Readonly<{ primaryManagerId: string | null; team: ClientTeam }> | null> {
    const { state } = await loadStream(this.store, clientStreamId(clientId), clientLocationDecider, {
      cache: this.clientStates,
    });
    if (state.status === 'none') return null;
    return {
      primaryManagerId: currentManagerId(state),
      team: { backupManagerId: state.team.backupManagerId, specialistIds: [...state.team.specialists.keys()] },
    };
  }

  /** Whether a manager is active and until when they are absent, from their stream; null when there is no such manager. */
  async managerStanding(managerId: string): Promise<Readonly<{ active: boolean; absentUntil: string | null }> | null> {
    const { state } = await loadStream(this.store, managerStreamId(managerId), managerDecider, {
      cache: this.managerStates,
    });
    return state.status === 'none' ? null : { active: state.status === 'active', absentUntil: state.absentUntil };
  }

  /** The location of the alert's client; null when there is no such alert (or client). */
  async alert(alertId: string, fromStream: boolean): Promise<ClientLocation | null> {
    const row = fromStream ? null : await this.alerts.getAlert(alertId);
    if (row !== null && row.branchId !== null) return { branchId: row.branchId, managerId: row.managerId };
    const clientId = row?.clientId ?? (await this.clientOfAlert(alertId));
    return clientId === null ? null : this.client(clientId, fromStream);
  }

  /** The manager's branch; null when there is no such manager. */
  async managerBranch(managerId: string): Promise<string | null> {
    const row = await this.readModels.managers.getManager(managerId);
    if (row !== null) return row.branchId;
    const { state } = await loadStream(this.store, managerStreamId(managerId), managerDecider, {
      cache: this.managerStates,
    });
    return state.status === 'none' ? null : state.branchId;
  }

  /** Whether the manager covers at least one client of the branch (read model: a handover reads it too). */
  async managerCoversBranch(managerId: string, branchId: string): Promise<boolean> {
    const { clients } = await this.lists.portfolio(managerId, new Date(), { kind: 'branch', branchId });
    return clients.length > 0;
  }

  /** Every alert event names its client; the first one is enough (as CommandGateway.clientOfAlert). */
  async clientOfAlert(alertId: string): Promise<string | null> {
    const [first] = await this.store.readStream(alertStreamId(alertId), { maxCount: 1 });
    const clientId = (first?.data as { clientId?: unknown } | undefined)?.clientId;
    return typeof clientId === 'string' ? clientId : null;
  }
}
