/**
 * An append reused event ids in a way that is not an exact retry: some ids already exist and some
 * do not, or an id is already recorded in another stream, or at another revision. Retrying cannot
 * fix it, so it is not a ConcurrencyError.
 */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    reason: string,
  ) {
    super(`stream ${streamId}: event ${eventId} ${reason}`);
    this.name = 'DuplicateEventIdError';
  }
}
