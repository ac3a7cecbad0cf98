/**
 * The caller named the revision it expected (HTTP If-Match) and the stream is elsewhere. Unlike a
 * plain ConcurrencyError it is not retried: the caller's view is stale and it must decide again.
 */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number | null,
  ) {
    super(`stream ${streamId}: expected revision ${expected}, actual ${actual ?? 'no stream'}`);
    this.name = 'WrongExpectedRevisionError';
  }
}
