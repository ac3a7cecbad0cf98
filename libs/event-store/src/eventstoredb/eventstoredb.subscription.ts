import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { BatchHandler, RecordedEvent, Subscription, SubscriptionOptions } from '../event-store.port';
import { DEFAULT_BATCH_SIZE } from '../subscriptions/polling-subscription';

/** The part of the client's AllStreamSubscription this class uses (a fake stands in for it in tests). */
export type LiveEventStream = AsyncIterable<AllStreamResolvedEvent> & {
  /** Events the client has received and not yet handed to the iterator. */
  readonly readableLength: number;
  once(event: 'caughtUp', listener: () => void): unknown;
  destroy(): unknown;
  unsubscribe(): Promise<void>;
};

/** What the subscription needs from the store. */
export type SubscriptionSource = Readonly<{
  /** Head of the store's (scoped) log now; the subscription is caught up once it has handled it. */
  headPosition(): Promise<bigint>;
  /** The client's catch-up-then-live subscription to `$all` after `after`, filtered on the server. */
  subscribe(after: bigint): LiveEventStream;
  /** The port's event, or null for an event outside the store's scope. */
  toRecordedEvent(resolved: AllStreamResolvedEvent): RecordedEvent | null;
}>;

/**
 * A port subscription over the client's `subscribeToAll`. The client's stream is iterated, so it
 * is paused while the handler runs (backpressure reaches the server through gRPC flow control).
 * A batch is what the client has already buffered, up to batchSize: a slow handler gets full
 * batches, a live trickle is delivered at once.
 *
 * `caughtUp` resolves when the handler has finished the event at the head read at start, or
 * everything the client had received when the server reported it caught up (servers 23.10+),
 * whichever comes first.
 */
export class EventStoreDbSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  /** Settles when the loop has ended (stopped, or failed after onError). */
  readonly finished: Promise<void>;

  private current: bigint;
  private stopped = false;
  private stream: LiveEventStream | null = null;
  private isCaughtUp = false;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: unknown) => void;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscriptionOptions,
    private readonly handler: BatchHandler,
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

  /** Lets the in-flight batch finish, then unsubscribes. */
  async stop(): Promise<void> {
    this.stopped = true;
    // Ends an iteration waiting for the next event; a running handler is not interrupted.
    this.stream?.destroy();
    await this.finished;
    this.markCaughtUp();
  }

  private async run(): Promise<void> {
    let stream: LiveEventStream | null = null;
    try {
      const head = await this.source.headPosition();
      if (this.current >= head) this.markCaughtUp();
      if (this.stopped) return;
      stream = this.source.subscribe(this.current);
      this.stream = stream;
      await this.consume(stream, head);
    } catch (error) {
      if (!this.stopped) this.fail(error);
    } finally {
      this.stopped = true;
      await stream?.unsubscribe();
    }
  }

  private async consume(stream: LiveEventStream, head: bigint): Promise<void> {
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    let received = 0;
    let idle = true;
    // How many events had been received when the server reported caught-up.
    let caughtUpAfter: number | null = null;
    stream.once('caughtUp', () => {
      caughtUpAfter = received + stream.readableLength;
      if (idle && stream.readableLength === 0) this.markCaughtUp();
    });

    let batch: RecordedEvent[] = [];
    let lastQueued = this.current;
    idle = true;
    for await (const resolved of stream) {
      idle = false;
      received++;
      if (this.stopped) return;
      const event = this.source.toRecordedEvent(resolved);
      // The client's start position is exclusive, but a redelivered event must never reach the handler twice.
      if (event !== null && event.position > lastQueued) {
        batch.push(event);
        lastQueued = event.position;
      }
      if (batch.length < batchSize && stream.readableLength > 0) continue;
      if (batch.length > 0) {
        await this.handler(batch);
        this.current = batch[batch.length - 1].position;
        batch = [];
      }
      if (this.current >= head || (caughtUpAfter !== null && received >= caughtUpAfter)) this.markCaughtUp();
      if (this.stopped) return;
      idle = true;
    }
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
}
