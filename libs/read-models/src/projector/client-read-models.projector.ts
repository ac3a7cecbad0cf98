import type { RecordedEvent } from '@crm/event-store';
import type { AlertView } from '../alerts/alert-view';
import type { ClientView } from '../client-view/client-view';
import type { ManagerRow } from '../managers/manager-row';
import type { RiskCaseRow } from '../risk-cases/risk-case-row';
import type { ReadModelStore } from '../store/read-model-store.port';
import { ClientReadModelsBatch, type CommittedDocuments } from './client-read-models.batch';
import { LruCache } from './lru-cache';

/** Checkpoint name of the client-view projection (client_view, client_timeline, managers, alerts). */
export const CLIENT_READ_MODELS_PROJECTION = 'client-view';

export type ClientReadModelsProjectorOptions = Readonly<{
  /** Committed views kept in memory between batches; 0 reads every touched view from the store each batch. */
  cachedViews?: number;
}>;

const DEFAULT_CACHED_VIEWS = 20_000;

/**
 * Projects batches of the global log into the client view, the client timeline, the managers
 * table and the alerts table (alert events also keep the client view's open alerts). Each batch is
 * folded in memory (ClientReadModelsBatch: every touched document is loaded once and written once) and
 * committed with the checkpoint in one read-model transaction: a crash leaves either the whole
 * batch and its checkpoint, or neither.
 *
 * Committed documents are cached across batches. That is safe because this projector is the only
 * writer of its tables (commit refuses a checkpoint moved by anyone else), and the cache is
 * dropped whenever a commit fails, so it never holds state the database does not.
 */
export class ClientReadModelsProjector {
  private readonly committed: CommittedDocuments;

  constructor(
    private readonly store: ReadModelStore,
    readonly name: string = CLIENT_READ_MODELS_PROJECTION,
    options: ClientReadModelsProjectorOptions = {},
  ) {
    this.committed = {
      views: new LruCache<ClientView>(options.cachedViews ?? DEFAULT_CACHED_VIEWS),
      managers: new LruCache<ManagerRow>(10_000),
      alerts: new LruCache<AlertView>(10_000),
      riskCases: new LruCache<RiskCaseRow>(10_000),
    };
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
    this.committed.views.clear();
    this.committed.managers.clear();
    this.committed.alerts.clear();
    this.committed.riskCases.clear();
  }

  private async project(from: bigint, events: readonly RecordedEvent[]): Promise<bigint> {
    if (events.length === 0) return from;
    const batch = new ClientReadModelsBatch(events, this.committed);
    batch.locate();
    await batch.load(this.store);
    batch.apply(from);
    const last = events[events.length - 1].position;
    // A redelivered batch (all at or below `from`) must never move the checkpoint backwards.
    const to = last > from ? last : from;
    if (to === from) return from;
    await this.store.commit(this.name, from, to, batch.changes());
    batch.cacheCommitted();
    // The erased views were overwritten in the batch; their old pages may still sit in the WAL.
    // Best effort: the batch is committed, and SQLite checkpoints the WAL on its own later anyway.
    if (batch.erasures > 0) await this.store.purgeFreedSpace?.().catch(() => undefined);
    return to;
  }
}
