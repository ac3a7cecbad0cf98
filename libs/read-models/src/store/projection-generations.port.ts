import type { ReadModelStore } from './read-model-store.port';

/**
 * Generations of a projection's tables: queries read the live one while a rebuild fills a fresh
 * one from the log, and a switch makes the fresh one live in one transaction (no downtime).
 */

/** A generation just created for a rebuild, empty, with its own checkpoint row. */
export type GenerationBuild = Readonly<{
  generation: number;
  /** Checkpoint name its batches commit under (never the live projector's). */
  checkpointName: string;
  /** A half-built generation of an earlier, interrupted rebuild, dropped to make room; null if none. */
  discarded: number | null;
}>;

export type GenerationSwitch = Readonly<{
  generation: number;
  previous: number;
  /** The projection's checkpoint after the switch (both generations agreed up to it). */
  position: bigint;
  /** Events the live projector had projected beyond the builder, applied inside the switch. */
  tailEvents: number;
}>;

/**
 * Projects the events in (`from`, `to`] into `store` under `checkpointName` and returns the new
 * checkpoint. `store` is bound to the switch transaction: its commits are part of it.
 */
export type TailProjection = (
  store: ReadModelStore,
  checkpointName: string,
  from: bigint,
  to: bigint,
) => Promise<Readonly<{ position: bigint; events: number }>>;

export interface GenerationalReadModelStore extends ReadModelStore {
  /** The generation this store's queries read (refreshed as docs/decisions.md §16 describes). */
  liveGeneration(): number;
  /** Drops any earlier half-built or retired generation, then creates the next one's tables. */
  beginGeneration(projection: string): Promise<GenerationBuild>;
  /** A store on one generation's tables: its queries, its guarded commits; `close` is a no-op. */
  generationStore(generation: number): ReadModelStore;
  /**
   * In one transaction that excludes the live projector's commits: brings `generation` up to the
   * live checkpoint with `tail`, makes it live, and marks the old one retired. Throws (changing
   * nothing) when `generation` is no longer the one being built.
   */
  switchGeneration(projection: string, generation: number, tail: TailProjection): Promise<GenerationSwitch>;
  /** Drops the retired generation's tables; returns its number, or null when there was none. */
  dropRetiredGeneration(projection: string): Promise<number | null>;
}
