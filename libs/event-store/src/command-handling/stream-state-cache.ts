export type CachedStream<S> = Readonly<{ state: S; revision: number; position: bigint }>;

export const DEFAULT_MAX_CACHED_STREAMS = 10_000;

/**
 * Folded states of recently handled streams, so a command reads only the events appended since
 * (usually none: one index seek) instead of the whole stream. Without it, loading dominates the
 * cost of a command once streams hold a few dozen events.
 *
 * Safe because deciders are pure and states immutable: a cached state is never changed, only
 * replaced by a newer one. Writes from other processes are still seen, since loading always reads
 * past the cached revision. One cache belongs to one store and one decider; sharing it across
 * either would fold foreign events into the wrong state. Least recently used streams are evicted.
 */
export class StreamStateCache<S> {
  private readonly entries = new Map<string, CachedStream<S>>();

  constructor(readonly maxStreams: number = DEFAULT_MAX_CACHED_STREAMS) {}

  get(streamId: string): CachedStream<S> | undefined {
    const entry = this.entries.get(streamId);
    if (entry !== undefined) {
      // Map iteration order is insertion order; re-inserting marks the stream most recently used.
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  /** Keeps the newer of the cached and the offered state, as concurrent loads may finish out of order. */
  set(streamId: string, entry: CachedStream<S>): void {
    const current = this.entries.get(streamId);
    if (current !== undefined && current.revision > entry.revision) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.maxStreams) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
