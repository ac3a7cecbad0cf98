import { PLAINTEXT_OPENER, type PersonalDataOpener, type RecordedEvent } from '@crm/event-store';
import type { SearchValues } from '../sql/sql.search-index';
import { searchable } from '../search/search-terms';
import type { AlertView } from '../alerts/alert-view';
import type { ClientView } from '../client-view/client-view';
import type { ManagerRow } from '../managers/manager-row';
import type { RiskCaseRow } from '../risk-cases/risk-case-row';
import type { ProjectionChanges, ProjectionDocuments, ReadModelStore } from '../store/read-model-store.port';
import { batchParts } from './batch-parts';
import { ClientReadModelsBatch, type CommittedDocuments } from './client-read-models.batch';
import { LruCache } from './lru-cache';

/** Checkpoint name of the client-view projection (client_view, client_timeline, managers, alerts). */
export const CLIENT_READ_MODELS_PROJECTION = 'client-view';

export type ClientReadModelsProjectorOptions = Readonly<{
  /** Committed views kept in memory between batches; 0 reads every touched view from the store each batch. */
  cachedViews?: number;
  /**
   * Opens the personal-data tokens of names and registration numbers, for the search index's terms
   * (the log's source for the read models hands sealed fields on as tokens). Default: values are
   * plaintext, as a bare store gives them.
   */
  opener?: PersonalDataOpener;
  /**
   * A batch of more events than this is folded and written in parts of about this many inside its
   * one transaction (batchParts), so it holds one part's documents at a time. Default 2,000.
   */
  partEvents?: number;
}>;

const DEFAULT_CACHED_VIEWS = 20_000;
/**
 * A catch-up batch (10,000 events) touches ~8,000 views; in parts of 2,000 events it holds ~1,900
 * at a time. That took the API's peak RSS during a catch-up of 1,000,000 events from 344 to 290 MB
 * in the same run, with the catch-up no slower (docs/benchmarks.md).
 */
const DEFAULT_PART_EVENTS = 2_000;

/**
 * Projects batches of the global log into the client view, the client timeline, the managers
 * table and the alerts table (alert events also keep the client view's open alerts). Each batch is
 * folded in memory (ClientReadModelsBatch: every touched document is loaded once and written once) and
 * committed with the checkpoint in one read-model transaction: a crash leaves either the whole
 * batch and its checkpoint, or neither. A large batch is folded and written in parts inside that
 * transaction (batchParts), each document within one part; on SQLite the API's reads then wait
 * for the whole batch, not only its writes.
 *
 * Committed documents are cached across batches. That is safe because this projector is the only
 * writer of its tables (commit refuses a checkpoint moved by anyone else), and the cache is
 * dropped whenever a commit fails, so it never holds state the database does not.
 */
export class ClientReadModelsProjector {
  private readonly committed: CommittedDocuments;
  private readonly opener: PersonalDataOpener;
  private readonly partEvents: number;

  constructor(
    private readonly store: ReadModelStore,
    readonly name: string = CLIENT_READ_MODELS_PROJECTION,
    options: ClientReadModelsProjectorOptions = {},
  ) {
    this.opener = options.opener ?? PLAINTEXT_OPENER;
    this.partEvents = Math.max(1, options.partEvents ?? DEFAULT_PART_EVENTS);
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

  /** The searched values of `views` opened from their tokens; both null once erased. */
  private async searchValuesOf(views: readonly ClientView[]): Promise<SearchValues[]> {
    if (views.length === 0) return [];
    const sealed = views.map((view) => ({
      clientId: view.id,
      legalName: view.erasedAt === undefined ? view.legalName : null,
      registrationNo: view.erasedAt === undefined ? view.registrationNo : null,
    }));
    const opened = await this.opener.openAll(sealed);
    return opened.map((value) => ({
      clientId: value.clientId,
      legalName: searchable(value.legalName),
      registrationNo: searchable(value.registrationNo),
    }));
  }

  private async project(from: bigint, events: readonly RecordedEvent[]): Promise<bigint> {
    if (events.length === 0) return from;
    const last = events[events.length - 1].position;
    // A redelivered batch (all at or below `from`) must never move the checkpoint backwards.
    const to = last > from ? last : from;
    if (to === from) return from;
    const parts = batchParts(events, this.partEvents);
    const erasures =
      parts.length === 1 ? await this.commitWhole(from, to, parts[0]) : await this.commitInParts(from, to, parts);
    // The erased views were overwritten in the batch; their old pages may still sit in the WAL.
    // Best effort: the batch is committed, and SQLite checkpoints the WAL on its own later anyway.
    if (erasures > 0) await this.store.purgeFreedSpace?.().catch(() => undefined);
    return to;
  }

  /** Loads the batch's documents, folds them and commits; returns the erasures applied. */
  private async commitWhole(from: bigint, to: bigint, events: readonly RecordedEvent[]): Promise<number> {
    const { batch, changes } = await this.fold(from, events, this.store);
    await this.store.commit(this.name, from, to, changes);
    batch.cacheCommitted();
    return batch.erasures;
  }

  /**
   * Each part loaded, folded and written in turn inside the batch's transaction; returns the
   * erasures applied. The caches are emptied after it: they may hold what a part has changed since,
   * and a batch large enough to be parted would leave in them only its own last documents anyway
   * (ClientReadModelsBatch.cacheCommitted).
   */
  private async commitInParts(from: bigint, to: bigint, parts: readonly (readonly RecordedEvent[])[]): Promise<number> {
    const applied = { erasures: 0 };
    await this.store.commitInParts(this.name, from, to, (documents) =>
      this.changesOfParts(from, parts, documents, applied),
    );
    this.dropCache();
    return applied.erasures;
  }

  private async *changesOfParts(
    from: bigint,
    parts: readonly (readonly RecordedEvent[])[],
    documents: ProjectionDocuments,
    applied: { erasures: number },
  ): AsyncGenerator<ProjectionChanges> {
    for (const part of parts) {
      const { batch, changes } = await this.fold(from, part, documents);
      applied.erasures += batch.erasures;
      yield changes;
    }
  }

  /** Loads the documents `events` touch through `documents`, folds the events after `from` into them. */
  private async fold(
    from: bigint,
    events: readonly RecordedEvent[],
    documents: ProjectionDocuments,
  ): Promise<{ batch: ClientReadModelsBatch; changes: ProjectionChanges }> {
    const batch = new ClientReadModelsBatch(events, this.committed);
    batch.locate();
    await batch.load(documents);
    batch.apply(from);
    const changes = batch.changes();
    return { batch, changes: { ...changes, searchValues: await this.searchValuesOf(batch.searchChangedViews()) } };
  }
}
