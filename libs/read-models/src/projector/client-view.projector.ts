import type { RecordedEvent } from '@crm/event-store';
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

/** Checkpoint name of the client-view projection (client_view, client_timeline, managers). */
export const CLIENT_VIEW_PROJECTION = 'client-view';

export type ClientViewProjectorOptions = Readonly<{
  /** Committed views kept in memory between batches; 0 reads every touched view from the store each batch. */
  cachedViews?: number;
}>;

const DEFAULT_CACHED_VIEWS = 20_000;

/**
 * Projects batches of the global log into the client view, the client timeline and the managers
 * table. Each batch is folded in memory (every touched document is loaded once and written once)
 * and committed with the checkpoint in one read-model transaction: a crash leaves either the
 * whole batch and its checkpoint, or neither.
 *
 * Committed documents are cached across batches. That is safe because this projector is the only
 * writer of its tables (commit refuses a checkpoint moved by anyone else), and the cache is
 * dropped whenever a commit fails, so it never holds state the database does not.
 */
export class ClientViewProjector {
  private readonly views: LruCache<ClientView>;
  private readonly managers = new LruCache<ManagerRow>(10_000);

  constructor(
    private readonly store: ReadModelStore,
    readonly name: string = CLIENT_VIEW_PROJECTION,
    options: ClientViewProjectorOptions = {},
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
  }

  private async project(from: bigint, events: readonly RecordedEvent[]): Promise<bigint> {
    if (events.length === 0) return from;
    const views = new Map<string, ClientView | null>();
    const managers = new Map<string, ManagerRow | null>();
    const missingViews: string[] = [];
    const missingManagers: string[] = [];
    for (const event of events) {
      if (isClientStream(event.streamId)) {
        const id = clientIdOfStream(event.streamId);
        if (views.has(id)) continue;
        const cached = this.views.get(id);
        views.set(id, cached ?? null);
        if (cached === undefined) missingViews.push(id);
      } else if (isManagerStream(event.streamId)) {
        const id = managerIdOfStream(event.streamId);
        if (managers.has(id)) continue;
        const cached = this.managers.get(id);
        managers.set(id, cached ?? null);
        if (cached === undefined) missingManagers.push(id);
      }
    }
    if (missingViews.length > 0) {
      for (const [id, view] of await this.store.clientViews.loadViews(missingViews)) views.set(id, view);
    }
    if (missingManagers.length > 0) {
      for (const [id, row] of await this.store.managers.loadManagers(missingManagers)) managers.set(id, row);
    }

    const changedViews = new Map<string, ClientView>();
    const changedManagers = new Map<string, ManagerRow>();
    const timeline: ClientTimelineEntry[] = [];
    // Highest revision already projected per stream, so a redelivered event is skipped, never re-applied.
    // Streams without a document yet (events before registration) rely on the timeline's primary key.
    const clientRevisions = new Map<string, number>();
    const managerRevisions = new Map<string, number>();

    for (const event of events) {
      if (event.position <= from) continue;
      if (isClientStream(event.streamId)) {
        const id = clientIdOfStream(event.streamId);
        const current = views.get(id) ?? null;
        if (event.revision <= (clientRevisions.get(id) ?? current?.revision ?? -1)) continue;
        clientRevisions.set(id, event.revision);
        const next = evolveClientView(current, event);
        if (next !== null) {
          views.set(id, next);
          changedViews.set(id, next);
        }
        timeline.push(toClientTimelineEntry(event));
      } else if (isManagerStream(event.streamId)) {
        const id = managerIdOfStream(event.streamId);
        const current = managers.get(id) ?? null;
        if (event.revision <= (managerRevisions.get(id) ?? current?.revision ?? -1)) continue;
        managerRevisions.set(id, event.revision);
        const next = evolveManagerRow(current, event);
        if (next !== null) {
          managers.set(id, next);
          changedManagers.set(id, next);
        }
      }
      // Other streams (alerts, …) belong to other projections.
    }

    const last = events[events.length - 1].position;
    // A redelivered batch (all at or below `from`) must never move the checkpoint backwards.
    const to = last > from ? last : from;
    if (to === from) return from;
    await this.store.commit(this.name, from, to, {
      clientViews: [...changedViews.values()],
      timeline,
      managers: [...changedManagers.values()],
    });
    for (const [id, view] of views) if (view !== null) this.views.set(id, view);
    for (const [id, row] of managers) if (row !== null) this.managers.set(id, row);
    return to;
  }
}
