import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Hands the event loop back once a long loop has held it for `sliceMs`. A loop whose awaits
 * resolve at once (the SQLite stores answer synchronously behind their promises) never lets a
 * timer or a socket in otherwise: the clock sweep over 100,000 clients held the API's loop for
 * 0.5–0.8 s once a minute, and every request that arrived then waited that long.
 */
export class EventLoopSlice {
  private since = performance.now();

  constructor(private readonly sliceMs: number) {}

  /** Yields one turn of the event loop if this slice has run for `sliceMs` or more. */
  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.since < this.sliceMs) return;
    await nextTurn();
    this.since = performance.now();
  }
}
