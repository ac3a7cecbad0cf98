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

/** Checkpoint name of the client-view projection (client_view, client_timeline, managers). */
export const CLIENT_VIEW_PROJECTION = 'client-view';

/**
 * Projects batches of the global log into the client view, the client timeline and the managers
 * table. Each batch is folded in memory (every touched document is loaded once and written once)
 * and committed with the checkpoint in one read-model transaction: a crash leaves either the
 * whole batch and its checkpoint, or neither.
 */
export class ClientViewProjector {
  constructor(
    private readonly store: ReadModelStore,
    readonly name: string = CLIENT_VIEW_PROJECTION,
  ) {}

  /** Projects `events` (position order, all after `from`) and returns the new checkpoint. */
  async projectBatch(from: bigint, events: readonly RecordedEvent[]): Promise<bigint> {
    if (events.length === 0) return from;
    const clientIds = new Set<string>();
    const managerIds = new Set<string>();
    for (const event of events) {
      if (isClientStream(event.streamId)) clientIds.add(clientIdOfStream(event.streamId));
      else if (isManagerStream(event.streamId)) managerIds.add(managerIdOfStream(event.streamId));
    }
    const views = await this.store.clientViews.loadViews([...clientIds]);
    const managers = await this.store.managers.loadManagers([...managerIds]);

    const changedViews = new Map<string, ClientView>();
    const changedManagers = new Map<string, ManagerRow>();
    const timeline: ClientTimelineEntry[] = [];
    // Highest revision already projected per stream: a redelivered event is skipped, never re-applied.
    const seen = new Map<string, number>();
    for (const [id, view] of views) seen.set(id, view.revision);
    for (const [id, row] of managers) seen.set(`m:${id}`, row.revision);

    for (const event of events) {
      if (event.position <= from) continue;
      if (isClientStream(event.streamId)) {
        const id = clientIdOfStream(event.streamId);
        if (event.revision <= (seen.get(id) ?? -1)) continue;
        seen.set(id, event.revision);
        const next = evolveClientView(views.get(id) ?? null, event);
        if (next !== null) {
          views.set(id, next);
          changedViews.set(id, next);
        }
        timeline.push(toClientTimelineEntry(event));
      } else if (isManagerStream(event.streamId)) {
        const id = managerIdOfStream(event.streamId);
        const key = `m:${id}`;
        if (event.revision <= (seen.get(key) ?? -1)) continue;
        seen.set(key, event.revision);
        const next = evolveManagerRow(managers.get(id) ?? null, event);
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
    return to;
  }
}
