import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore, PersonalDataOpener } from '@crm/event-store';
import type { GenerationalReadModelStore, TailProjection } from '../store/projection-generations.port';
import { CLIENT_READ_MODELS_PROJECTION, ClientReadModelsProjector } from './client-read-models.projector';
import { DEFAULT_CATCH_UP_BATCH_SIZE } from './projection-runner';

export type RebuildProgress = Readonly<{
  /** Events projected into the new generation so far. */
  projected: number;
  /** Estimate of all events to project: projected plus the positions left to the head. */
  total: number;
  position: bigint;
  head: bigint;
  elapsedMs: number;
}>;

export type RebuildOptions = Readonly<{
  projection?: string;
  /** Events per read and per transaction of the catch-up. */
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** Stops the catch-up between batches; the live generation keeps serving (see beginGeneration). */
  signal?: AbortSignal;
  /**
   * Time between the switch and dropping the old tables: readers in other processes move to the
   * new generation on their next poll (DEFAULT_GENERATION_POLL_MS), so this is a few polls.
   */
  retireAfterMs?: number;
  /** Opens the names for the search index (ClientReadModelsProjectorOptions.opener). */
  opener?: PersonalDataOpener;
}>;

export type RebuildResult = Readonly<{
  projection: string;
  generation: number;
  previous: number;
  /** Events projected, catch-up and switch together. */
  events: number;
  position: bigint;
  ms: number;
  eventsPerSecond: number;
  /** Half-built generation of an interrupted rebuild that this one discarded. */
  discarded: number | null;
}>;

/** The projections a rebuild knows; the client read models (`client-view`) are the only one today. */
export const REBUILDABLE_PROJECTIONS: readonly string[] = [CLIENT_READ_MODELS_PROJECTION];

export const DEFAULT_RETIRE_AFTER_MS = 2000;

/**
 * Rebuilds a projection from the log into a new generation of its tables while the live projector
 * keeps the current one up to date and queries keep reading it, then switches when caught up.
 * Catch-up reads the log in large batches up to the head (re-read each time it is reached); the
 * switch transaction projects whatever the live projector had committed beyond that, so the new
 * generation goes live exactly at the live checkpoint.
 */
export const rebuildIntoNewGeneration = async (
  eventStore: EventStore,
  store: GenerationalReadModelStore,
  options: RebuildOptions = {},
): Promise<RebuildResult> => {
  const projection = options.projection ?? CLIENT_READ_MODELS_PROJECTION;
  if (!REBUILDABLE_PROJECTIONS.includes(projection)) throw new Error(`unknown projection ${projection}`);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_CATCH_UP_BATCH_SIZE);
  const startedAt = Date.now();
  const build = await store.beginGeneration(projection);
  const target = store.generationStore(build.generation);
  const projector = new ClientReadModelsProjector(target, build.checkpointName, { opener: options.opener });
  let position = await target.checkpoint(build.checkpointName);
  let head = await eventStore.headPosition();
  let projected = 0;
  const report = (): void =>
    options.onProgress?.({
      projected,
      total: projected + Number(head > position ? head - position : 0n),
      position,
      head,
      elapsedMs: Date.now() - startedAt,
    });
  report();
  for (;;) {
    options.signal?.throwIfAborted();
    const events = await eventStore.readAll({ after: position, maxCount: batchSize });
    if (events.length === 0) break;
    position = await projector.projectBatch(position, events);
    projected += events.length;
    if (position >= head) head = await eventStore.headPosition();
    report();
    // As a log subscription does: on SQLite nothing here yields, and Ctrl-C (the abort) would
    // otherwise wait for the whole catch-up.
    await nextTurn();
  }
  options.signal?.throwIfAborted();

  const tail: TailProjection = async (inSwitch, checkpointName, from, to) => {
    // A fresh projector: the catch-up's cache belongs to another transaction's view of the tables.
    const finisher = new ClientReadModelsProjector(inSwitch, checkpointName, {
      cachedViews: 0,
      opener: options.opener,
    });
    let at = from;
    let events = 0;
    while (at < to) {
      const batch = (await eventStore.readAll({ after: at, maxCount: batchSize })).filter(
        (event) => event.position <= to,
      );
      if (batch.length === 0) break;
      at = await finisher.projectBatch(at, batch);
      events += batch.length;
    }
    return { position: at, events };
  };
  const switched = await store.switchGeneration(projection, build.generation, tail);
  projected += switched.tailEvents;
  position = switched.position;
  head = position > head ? position : head;
  report();
  const ms = Date.now() - startedAt;

  await new Promise((resolve) => setTimeout(resolve, options.retireAfterMs ?? DEFAULT_RETIRE_AFTER_MS));
  await store.dropRetiredGeneration(projection);
  return {
    projection,
    generation: switched.generation,
    previous: switched.previous,
    events: projected,
    position,
    ms,
    eventsPerSecond: Math.round(projected / Math.max(0.001, ms / 1000)),
    discarded: build.discarded,
  };
};
