/** V8's collector as `node --expose-gc` exposes it; the options are those of V8's gc extension. */
export type ExposedGc = (options: Readonly<{ type: 'major'; execution: 'sync'; flavor: 'last-resort' }>) => void;

const exposedGc = (): ExposedGc | undefined => {
  const gc: unknown = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as ExposedGc) : undefined;
};

/**
 * Hands back to the OS the heap pages a burst of garbage left resident. V8 keeps the pages it frees
 * pooled for reuse, and only a last-resort collection gives them back: after the catch-up of a
 * million events that is ~100 MiB of the API's resident memory with ~60 MiB live (see
 * docs/benchmarks.md). A full, compacting collection that stops the thread (tens to hundreds of
 * milliseconds), so it is for rare moments such as the end of a long catch-up. Needs `--expose-gc`
 * (npm start, the image); without it nothing happens. Whether it ran.
 */
export const releaseHeap = (gc: ExposedGc | undefined = exposedGc()): boolean => {
  if (gc === undefined) return false;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
};
