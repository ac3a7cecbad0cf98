import { setImmediate as nextTurn } from 'node:timers/promises';
import type { BatchHandler, RecordedEvent, Subscription, SubscriptionOptions } from '../event-store.port';

/** What a catch-up subscription needs from a store; any adapter with an ordered log can provide it. */
export type LogSource = Readonly<{
  readAfter(after: bigint, maxCount: number): Promise<readonly RecordedEvent[]>;
  headPosition(): Promise<bigint>;
  /** Calls `listener` whenever events may have been committed; returns the unsubscribe function. */
  onAppended(listener: () => void): () => void;
}>;

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_POLL_INTERVAL_MS = 250;

/**
 * Catch-up then live subscription over a LogSource. Live delivery is woken by the source's own
 * notifier; the poll timer is the fallback for writers the notifier cannot see (other processes).
 * One batch at a time: the next read starts only after the handler's promise settles, so a
 * handler that commits effects with its checkpoint never sees a batch twice or out of order.
 * Each delivered batch is followed by a turn of the event loop: on SQLite every await of a catch-up
 * resolves at once, and a 1,000,000-event catch-up held the loop for minutes: no request answered,
 * no timer run, SIGTERM honoured only once it was over.
 */
export class PollingSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  /** Settles when the loop has ended (stopped, or failed after onError). */
  readonly finished: Promise<void>;

  private current: bigint;
  private stopped = false;
  private woken = false;
  private sleeper: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private isCaughtUp = false;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: unknown) => void;

  constructor(
    private readonly source: LogSource,
    private readonly options: SubscriptionOptions,
    private readonly handler: BatchHandler,
    private readonly pollIntervalMs: number = DEFAULT_POLL_INTERVAL_MS,
  ) {
    this.current = options.after;
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.resolveCaughtUp = resolve;
      this.rejectCaughtUp = reject;
    });
    // Callers that never await caughtUp must not get an unhandled rejection when a handler fails.
    this.caughtUp.catch(() => undefined);
    this.finished = this.run();
  }

  readonly position = (): bigint => this.current;

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.finished;
    // Nothing more will be delivered; waiting callers are released rather than left hanging.
    this.markCaughtUp();
  }

  private async run(): Promise<void> {
    const unsubscribe = this.source.onAppended(() => this.wake());
    try {
      const head = await this.source.headPosition();
      const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
      if (this.current >= head) this.markCaughtUp();
      while (!this.stopped) {
        const delivered = await this.deliverNext(batchSize);
        // Before the turn: whatever waits on caughtUp runs before a request can see the head.
        if (this.current >= head) this.markCaughtUp();
        await (delivered ? nextTurn() : this.sleep());
      }
    } catch (error) {
      if (!this.stopped) this.fail(error);
    } finally {
      unsubscribe();
      this.clearTimer();
    }
  }

  /** Reads and hands on the next batch; false when there was none (or the subscription stopped). */
  private async deliverNext(batchSize: number): Promise<boolean> {
    // Cleared before the read, so a commit that lands during the read or the handler is not missed.
    this.woken = false;
    const batch = await this.source.readAfter(this.current, batchSize);
    if (this.stopped || batch.length === 0) return false;
    await this.handler(batch);
    this.current = batch[batch.length - 1].position;
    return true;
  }

  private fail(error: unknown): void {
    this.stopped = true;
    this.rejectCaughtUp(error);
    this.options.onError?.(error);
  }

  private markCaughtUp(): void {
    if (this.isCaughtUp) return;
    this.isCaughtUp = true;
    this.resolveCaughtUp();
  }

  private sleep(): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.sleeper = resolve;
      this.timer = setTimeout(() => this.wake(), this.pollIntervalMs);
    });
  }

  private wake(): void {
    this.woken = true;
    this.clearTimer();
    const sleeper = this.sleeper;
    this.sleeper = null;
    sleeper?.();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
