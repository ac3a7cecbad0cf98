import type { ClientEventType } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { alertIdOfStream, clientIdOfAlertEvent, evolveAlertView, isAlertStream, withAlert } from '../alerts/alert.projection';
import type { AlertClientContext, AlertView } from '../alerts/alert-view';
import type { ClientView } from '../client-view/client-view';
import { evolveClientView } from '../client-view/client-view.projection';
import {
  clientIdOfStream,
  isClientStream,
  isManagerStream,
  managerIdOfStream,
} from '../client-view/recorded-client-event';
import type { ManagerRow } from '../managers/manager-row';
import { evolveManagerRow } from '../managers/manager.projection';
import type { ReadModelStore } from '../store/read-model-store.port';
import type { ClientTimelineEntry } from '../timeline/client-timeline-entry';
import { toClientTimelineEntry } from '../timeline/client-timeline.projection';
import { LruCache } from './lru-cache';

/** The client event after which a view holds no personal data (see evolveClientView). */
const PERSONAL_DATA_ERASED: ClientEventType = 'PersonalDataErased';

/**
 * Checkpoint and rebuild name of the client read models (client_view, client_timeline, managers, alerts).
 * Stored in projection_checkpoints and projection_generations, so it keeps its first name.
 */
export const CLIENT_READ_MODELS_PROJECTION = 'client-view';

export type ClientReadModelsProjectorOptions = Readonly<{
  /** Committed views kept in memory between batches; 0 reads every touched view from the store each batch. */
  cachedViews?: number;
}>;

const DEFAULT_CACHED_VIEWS = 20_000;

/**
 * Projects batches of the global log into the client read models: client_view, client_timeline,
 * managers and alerts (alert events also keep each client view's open alerts). Each batch is folded in memory (every touched document is loaded once and written once)
 * and committed with the checkpoint in one read-model transaction: a crash leaves either the
 * whole batch and its checkpoint, or neither.
 *
 * Committed documents are cached across batches. That is safe because this projector is the only
 * writer of its tables (commit refuses a checkpoint moved by anyone else), and the cache is
 * dropped whenever a commit fails, so it never holds state the database does not.
 */
export class ClientReadModelsProjector {
  private readonly views: LruCache<ClientView>;
  private readonly managers = new LruCache<ManagerRow>(10_000);
  private readonly alerts = new LruCache<AlertView>(10_000);

  constructor(
    private readonly store: ReadModelStore,
    readonly name: string = CLIENT_READ_MODELS_PROJECTION,
    options: ClientReadModelsProjectorOptions = {},
  ) {
    this.views = new LruCache(options.cachedViews ?? DEFAULT_CACHED_VIEWS);
  }

  /** Projects `events` (position order, all after `from`) and returns the new checkpoint. */
  async projectBatch(from: bigint, events: readonly RecordedEvent[]): Promise<bigint> {
    try {
      return await this.project(from, events);
    } catch (error) {
      this.dropCache();
      throw error;
    }
  }

  /** Empties the projection's read models and checkpoint, for a replay from 0. */
  async reset(): Promise<void> {
    this.dropCache();
    await this.store.reset(this.name);
  }

  private dropCache(): void {
    this.views.clear();
    this.managers.clear();
    this.alerts.clear();
  }

  private async project(from: bigint, events: readonly RecordedEvent[]): Promise<bigint> {
    if (events.length === 0) return from;
    const views = new Map<string, StreamFold<ClientView>>();
    const managers = new Map<string, StreamFold<ManagerRow>>();
    // Each event's fold, found once: a replay batch holds tens of thousands of events, and keying
    // maps by freshly sliced ids on every pass was a visible share of the batch's time.
    const clientFolds: (StreamFold<ClientView> | null)[] = new Array(events.length).fill(null);
    const managerFolds: (StreamFold<ManagerRow> | null)[] = new Array(events.length).fill(null);
    const alerts = new Map<string, StreamFold<AlertView>>();
    const alertFolds: (StreamFold<AlertView> | null)[] = new Array(events.length).fill(null);
    // The view of the client an alert event is about: its open alerts, and the alert's context.
    const alertClientFolds: (StreamFold<ClientView> | null)[] = new Array(events.length).fill(null);
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      const { streamId } = event;
      if (isClientStream(streamId)) clientFolds[index] = foldOf(views, clientIdOfStream(streamId), this.views);
      else if (isManagerStream(streamId)) managerFolds[index] = foldOf(managers, managerIdOfStream(streamId), this.managers);
      else if (isAlertStream(streamId)) {
        alertFolds[index] = foldOf(alerts, alertIdOfStream(streamId), this.alerts);
        const clientId = clientIdOfAlertEvent(event);
        if (clientId !== null) alertClientFolds[index] = foldOf(views, clientId, this.views);
      }
      // Other streams belong to other projections.
    }
    const missingViews = idsToLoad(views);
    if (missingViews.length > 0) {
      for (const [id, view] of await this.store.clientViews.loadViews(missingViews)) loaded(views, id, view);
    }
    const missingManagers = idsToLoad(managers);
    if (missingManagers.length > 0) {
      for (const [id, row] of await this.store.managers.loadManagers(missingManagers)) loaded(managers, id, row);
    }
    const missingAlerts = idsToLoad(alerts);
    if (missingAlerts.length > 0) {
      for (const [id, row] of await this.store.alerts.loadAlerts(missingAlerts)) loaded(alerts, id, row);
    }
    // Each view's branch and manager before the batch: a client reassigned in it moves its alerts too.
    const contextsBefore = new Map<string, string>();
    for (const fold of views.values()) contextsBefore.set(fold.id, contextKey(fold.state));

    const timeline: ClientTimelineEntry[] = [];
    let erasures = 0;
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      if (event.position <= from) continue;
      // A redelivered event is skipped, never re-applied. Streams without a document yet (events
      // before registration) rely on the timeline's primary key.
      const clientFold = clientFolds[index];
      if (clientFold !== null) {
        if (event.revision <= clientFold.revision) continue;
        clientFold.revision = event.revision;
        if (event.type === PERSONAL_DATA_ERASED) erasures += 1;
        const next = evolveClientView(clientFold.state, event);
        if (next !== null) clientFold.changed(next);
        timeline.push(toClientTimelineEntry(event));
        continue;
      }
      const managerFold = managerFolds[index];
      if (managerFold !== null) {
        if (event.revision > managerFold.revision) {
          managerFold.revision = event.revision;
          const next = evolveManagerRow(managerFold.state, event);
          if (next !== null) managerFold.changed(next);
        }
        continue;
      }
      const alertFold = alertFolds[index];
      if (alertFold !== null && event.revision > alertFold.revision) {
        alertFold.revision = event.revision;
        const viewFold = alertClientFolds[index];
        const view = viewFold?.state ?? null;
        const next = evolveAlertView(alertFold.state, event, view === null ? contextOfAlert(alertFold.state) : contextOfView(view));
        if (next === null) continue;
        alertFold.changed(next);
        // Only for an event applied just now: a redelivered one never reaches here, so the view's
        // open alerts only ever follow the alert rows' own revisions.
        if (viewFold !== null && view !== null) {
          const updated = withAlert(view, next);
          if (updated !== view) viewFold.changed(updated);
        }
      }
    }

    const reassignedClients: string[] = [];
    for (const fold of views.values()) {
      if (fold.isChanged && fold.state !== null && contextKey(fold.state) !== contextsBefore.get(fold.id)) reassignedClients.push(fold.id);
    }

    const last = events[events.length - 1].position;
    // A redelivered batch (all at or below `from`) must never move the checkpoint backwards.
    const to = last > from ? last : from;
    if (to === from) return from;
    await this.store.commit(this.name, from, to, {
      clientViews: changedStates(views),
      timeline,
      managers: changedStates(managers),
      alerts: changedStates(alerts),
      reassignedClients,
    });
    for (const fold of views.values()) if (fold.state !== null) this.views.set(fold.id, fold.state);
    for (const fold of managers.values()) if (fold.state !== null) this.managers.set(fold.id, fold.state);
    for (const fold of alerts.values()) if (fold.state !== null) this.alerts.set(fold.id, fold.state);
    // The erased views were overwritten in the batch; their old pages may still sit in the WAL.
    // Best effort: the batch is committed, and SQLite checkpoints the WAL on its own later anyway.
    if (erasures > 0) await this.store.purgeFreedSpace?.().catch(() => undefined);
    return to;
  }
}

const contextOfView = (view: ClientView): AlertClientContext => ({ branchId: view.branchId, managerId: view.manager?.id ?? null });

/** An alert whose client has no view keeps the context it had. */
const contextOfAlert = (row: AlertView | null): AlertClientContext => ({ branchId: row?.branchId ?? null, managerId: row?.managerId ?? null });

const contextKey = (view: ClientView | null): string => (view === null ? '' : JSON.stringify([view.branchId, view.manager?.id ?? null]));

/** One stream's document within a batch, and the highest revision folded into it so far. */
class StreamFold<T extends Readonly<{ revision: number }>> {
  revision: number;
  isChanged = false;

  constructor(
    readonly id: string,
    public state: T | null,
    readonly needsLoad: boolean,
  ) {
    this.revision = state?.revision ?? -1;
  }

  changed(next: T): void {
    this.state = next;
    this.isChanged = true;
  }
}

const foldOf = <T extends Readonly<{ revision: number }>>(
  folds: Map<string, StreamFold<T>>,
  id: string,
  cache: LruCache<T>,
): StreamFold<T> => {
  let fold = folds.get(id);
  if (fold === undefined) {
    const cached = cache.get(id);
    fold = new StreamFold<T>(id, cached ?? null, cached === undefined);
    folds.set(id, fold);
  }
  return fold;
};

const idsToLoad = <T extends Readonly<{ revision: number }>>(folds: Map<string, StreamFold<T>>): string[] => {
  const ids: string[] = [];
  for (const fold of folds.values()) if (fold.needsLoad) ids.push(fold.id);
  return ids;
};

const loaded = <T extends Readonly<{ revision: number }>>(folds: Map<string, StreamFold<T>>, id: string, state: T): void => {
  const fold = folds.get(id);
  if (fold === undefined) return;
  fold.state = state;
  fold.revision = state.revision;
};

const changedStates = <T extends Readonly<{ revision: number }>>(folds: Map<string, StreamFold<T>>): T[] => {
  const changed: T[] = [];
  for (const fold of folds.values()) if (fold.isChanged && fold.state !== null) changed.push(fold.state);
  return changed;
};
