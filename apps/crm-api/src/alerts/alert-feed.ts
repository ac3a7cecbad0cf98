import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '@crm/event-store';
import { startSpan } from '@crm/platform';
import { AlertFeedAudience, filtersNothing, takesKind, type AlertFeedFilter } from './alert-feed.audience';
import { toAlertMessage, type AlertMessage } from './alert-feed.message';
import { ALERT_FEED_OPTIONS, type AlertFeedOptions } from './alert-feed.options';

/** Where a follower's messages go: one SSE connection in the app, a fake in the specs. */
export interface AlertSink {
  readonly closed: boolean;
  /** Must not block or throw; a sink that cannot keep up closes itself. */
  send(message: AlertMessage): void;
  /** Resolves true once what was sent has been taken by the connection, false once it is closed. */
  writable(): Promise<boolean>;
  /** Ends the connection cleanly (shutdown); the client reconnects with its Last-Event-ID. */
  end(): void;
  /** Called once when the sink closes for whatever reason (at once when it already has). */
  onClose(listener: () => void): void;
}

/** A live listener: gets every alert message after its attachment's watermark, in position order. */
export interface AlertListener {
  deliver(message: AlertMessage): void;
  /** The feed is stopping. */
  end(): void;
}

export type Attachment = Readonly<{
  /**
   * Position of the last event the feed had published when the listener attached: the listener
   * gets every alert event after it, so a catch-up from the store need only reach this far.
   */
  watermark: bigint;
  detach: () => void;
}>;

export type AlertFeedSettings = Pick<AlertFeedOptions, 'pageSize' | 'maxQueuedEvents'> &
  Readonly<{ restartDelayMs?: number }>;

const DEFAULT_RESTART_DELAY_MS = 1_000;

/** Lets libuv write what the last batch queued on every socket before the next batch comes. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The one subscription of this process to the global log, from the head at start, fanning alert
 * events out to every connection. A connection resuming from a position attaches first and
 * buffers, then reads the store from its position up to the point it attached, then sends its
 * buffer (skipping what the catch-up already sent) and goes live: nothing falls in the gap, and
 * nothing is sent twice, since positions only grow.
 */
@Injectable()
export class AlertFeed implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertFeed.name);
  private readonly listeners = new Set<AlertListener>();
  private delivered = 0n;
  private subscription: Subscription | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private started: Promise<void> | null = null;
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  /**
   * Events per store read, live and catching up. At most half a connection's queue limit: a batch
   * is written to every connection at once, and one batch alone must not make a healthy client look slow.
   */
  private readonly batchSize: number;
  private readonly audience: AlertFeedAudience;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ALERT_FEED_OPTIONS) private readonly settings: AlertFeedSettings,
  ) {
    this.batchSize = Math.max(1, Math.min(settings.pageSize, Math.floor(settings.maxQueuedEvents / 2)));
    this.audience = new AlertFeedAudience(store);
  }

  /** Connections attached now (following live or catching up). */
  get connections(): number {
    return this.listeners.size;
  }

  /** Position of the last event of the log the feed has published. */
  get position(): bigint {
    return this.delivered;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  /** Before the HTTP server closes (it would wait for open streams) and before the store closes. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Subscribes from the head of the log; idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const head = await this.store.headPosition();
      if (this.state !== 'idle') return;
      this.delivered = head;
      this.state = 'running';
      this.subscribe();
    })();
    return this.started;
  }

  /** Ends every connection and the subscription; idempotent. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) this.safely(() => listener.end());
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
  }

  /** Adds a live listener; see Attachment.watermark. A stopped feed ends it at once. */
  attach(listener: AlertListener): Attachment {
    if (this.state === 'stopped') {
      this.safely(() => listener.end());
      return { watermark: this.delivered, detach: () => undefined };
    }
    this.listeners.add(listener);
    return {
      watermark: this.delivered,
      detach: () => {
        this.listeners.delete(listener);
      },
    };
  }

  /**
   * Sends `sink` every alert event after `after` (live only when null) that `filter` admits, until
   * the sink closes or the feed stops. Resolves when the sink has gone live (or closed); rejects
   * when the store cannot be read during the catch-up, leaving the caller to close the sink.
   */
  async follow(sink: AlertSink, after: bigint | null, filter: AlertFeedFilter | null = null): Promise<void> {
    await this.start();
    if (this.state !== 'running' || sink.closed) {
      sink.end();
      return;
    }

    let live = after === null;
    let lastSent = after ?? 0n;
    let buffer: AlertMessage[] = [];
    let target = 0n;
    const judged = filter === null || filtersNothing(filter) ? null : this.judge(sink, filter);
    const send = (message: AlertMessage): void => {
      if (message.position <= lastSent) return;
      lastSent = message.position;
      if (!takesKind(filter, message)) return;
      if (judged === null) sink.send(message);
      else judged.send(message);
    };
    const { watermark, detach } = this.attach({
      deliver: (message) => {
        if (live) return send(message);
        if (buffer.length < this.settings.maxQueuedEvents) {
          buffer.push(message);
          return;
        }
        // A long catch-up under heavy traffic: rather than hold more, forget the buffer and let
        // the catch-up read up to here from the store too. Memory stays bounded either way.
        buffer = [];
        target = message.position;
      },
      end: () => sink.end(),
    });
    target = watermark;
    sink.onClose(detach);
    if (live || sink.closed) return;

    let cursor = lastSent;
    while (cursor < target) {
      const page = await this.store.readAll({ after: cursor, maxCount: this.batchSize });
      if (sink.closed) return;
      // Cannot happen while the feed has published up to target; ends the loop if it ever does.
      if (page.length === 0) break;
      for (const event of page) {
        const message = toAlertMessage(event);
        if (message !== null) send(message);
      }
      cursor = page[page.length - 1].position;
      // Reading goes at the client's pace: the next page waits until this one has been judged and taken.
      await judged?.settled();
      if (!(await sink.writable())) return;
    }

    live = true;
    const buffered = buffer;
    buffer = [];
    for (const message of buffered) send(message);
  }

  /**
   * A filtered connection's queue: each message waits for the lookups the filter needs, in order,
   * so the connection still gets its events by position. Bounded like the connection's own queue;
   * a lookup that fails closes the connection, and its client resumes from its Last-Event-ID.
   */
  private judge(
    sink: AlertSink,
    filter: AlertFeedFilter,
  ): { send(message: AlertMessage): void; settled(): Promise<void> } {
    let queue: Promise<void> = Promise.resolve();
    let waiting = 0;
    const fail = (reason: string): void => {
      this.logger.warn(`alert feed connection closed: ${reason}`);
      sink.end();
    };
    return {
      send: (message) => {
        if (sink.closed) return;
        if (++waiting > this.settings.maxQueuedEvents) return fail('too many alert events waiting for their lookups');
        queue = queue.then(async () => {
          try {
            if (!sink.closed && (await this.audience.admits(filter, message))) sink.send(message);
          } catch (error) {
            fail(`lookup failed: ${error instanceof Error ? error.message : String(error)}`);
          } finally {
            waiting--;
          }
        });
      },
      settled: () => queue,
    };
  }

  private subscribe(): void {
    this.subscription = this.store.subscribeToAll(
      {
        after: this.delivered,
        batchSize: this.batchSize,
        onError: (error) => this.restartAfter(error),
      },
      async (events) => {
        this.publish(events);
        // Node writes a tick's worth of output in one go (the response corks its socket), and a
        // store can hand over batches back to back in microtasks: without this pause, a burst of
        // appends would pile up in every connection's queue and drop clients that are keeping up.
        await yieldToEventLoop();
      },
    );
  }

  private publish(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const message = toAlertMessage(event);
      if (message === null) continue;
      // One span per alert fanned out live (not per connection): the last hop of the alert's trace.
      const span =
        message.trace === null
          ? null
          : startSpan('alert-feed deliver', {
              kind: 'producer',
              parent: message.trace,
              attributes: { 'crm.position': event.position.toString(), 'crm.connections': this.listeners.size },
            });
      for (const listener of this.listeners) this.safely(() => listener.deliver(message));
      span?.end();
    }
    if (events.length > 0) this.delivered = events[events.length - 1].position;
  }

  /** A failed read (the database went away): resubscribe from where publishing stopped, losing nothing. */
  private restartAfter(error: unknown): void {
    this.subscription = null;
    if (this.state !== 'running') return;
    this.logger.warn(
      `alert feed subscription failed, resubscribing: ${error instanceof Error ? error.message : String(error)}`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state === 'running') this.subscribe();
    }, this.settings.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS);
    this.restartTimer.unref();
  }

  private safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.logger.error(`alert feed listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
