import type { ReadModelStore, TimelineQuery } from '../store/read-model-store.port';
import type { TimelinePage } from '../timeline/client-timeline-entry';
import type { ProjectionRunner } from '../projector/projection-runner';
import { DEFAULT_WAIT_FOR_POSITION_MS } from '../projector/projection-runner';
import type { ClientView } from './client-view';

const POLL_INTERVAL_MS = 25;

/**
 * What the API asks of client_view and client_timeline, and of the client read models' checkpoint.
 * With the projector in-process, waiting for a position is woken by its commits; with the
 * projector in another process, the stored checkpoint is polled instead.
 */
export class ClientViewQueries {
  constructor(
    private readonly store: ReadModelStore,
    private readonly projectionName: string,
    private readonly runner: ProjectionRunner | null,
  ) {}

  getClientView(clientId: string): Promise<ClientView | null> {
    return this.store.clientViews.getClientView(clientId);
  }

  getTimeline(clientId: string, query: TimelineQuery): Promise<TimelinePage> {
    return this.store.clientViews.getTimeline(clientId, query);
  }

  checkpoint(): Promise<bigint> {
    return this.store.checkpoint(this.projectionName);
  }

  /** True once the projection has committed `position` (read-your-writes); false after `timeoutMs`. */
  async waitForPosition(position: bigint, timeoutMs: number = DEFAULT_WAIT_FOR_POSITION_MS): Promise<boolean> {
    if (this.runner?.status().running === true) return this.runner.waitForPosition(position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.store.checkpoint(this.projectionName)) >= position) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_INTERVAL_MS, left)));
    }
  }
}
