import { IDEMPOTENCY_PURGE_EVERY_MS } from './idempotency.store';

/** When a store deletes its answers past their retention: the first claim, then once an interval. */
export class PurgeSchedule {
  private purgedAt = Number.NEGATIVE_INFINITY;

  /** Whether a claim at `now` (ms) purges; if so, the next purge is an interval later. */
  due(now: number): boolean {
    if (now - this.purgedAt < IDEMPOTENCY_PURGE_EVERY_MS) return false;
    this.purgedAt = now;
    return true;
  }
}
