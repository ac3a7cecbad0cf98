import type {
  BatchHandler,
  EventStore,
  ReadAllOptions,
  RecordedEvent,
  Subscription,
  SubscriptionOptions,
} from '@crm/event-store';
import { RecordedLog } from '@crm/testing';
import { AlertFeed, type AlertSink } from './alert-feed';
import type { AlertMessage } from './alert-feed.message';

/**
 * A log whose subscription delivers only when told (`publish`), and whose reads can run code
 * first (`beforeRead`), so a spec can land appends exactly inside a connection's catch-up.
 */
class FakeStore {
  readonly log = new RecordedLog();
  beforeRead: (() => void) | null = null;
  afterRead: (() => void) | null = null;
  reads = 0;
  subscriptions: { options: SubscriptionOptions; handler: BatchHandler; stopped: boolean }[] = [];
  private published = 0n;

  alert(n: number, type = 'AlertRaised'): RecordedEvent {
    return this.log.append(`alert-a${n}`, { type, data: { alertId: `a${n}`, clientId: `c${n}`, note: 'private' } });
  }

  other(): RecordedEvent {
    return this.log.append('client-c1', { type: 'ClientProfileUpdated', data: {} });
  }

  /** What a live subscription would deliver next: everything appended since the last publish. */
  async publish(): Promise<void> {
    const subscription = this.subscriptions.find((candidate) => !candidate.stopped);
    if (!subscription) return;
    const batch = this.log.events.filter((event) => event.position > this.published);
    if (batch.length === 0) return;
    this.published = batch[batch.length - 1].position;
    await subscription.handler(batch);
  }

  fail(error: Error): void {
    const subscription = this.subscriptions.find((candidate) => !candidate.stopped);
    if (!subscription) throw new Error('no subscription');
    subscription.stopped = true;
    subscription.options.onError?.(error);
  }

  async headPosition(): Promise<bigint> {
    return this.log.events.at(-1)?.position ?? 0n;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.reads += 1;
    this.beforeRead?.();
    const after = options.after ?? 0n;
    const page = this.log.events.filter((event) => event.position > after).slice(0, options.maxCount ?? Infinity);
    this.afterRead?.();
    return page;
  }

  subscribeToAll(options: SubscriptionOptions, handler: BatchHandler): Subscription {
    const entry = { options, handler, stopped: false };
    this.subscriptions.push(entry);
    this.published = options.after;
    return {
      caughtUp: Promise.resolve(),
      position: () => this.published,
      stop: async () => {
        entry.stopped = true;
      },
    };
  }
}

class FakeSink implements AlertSink {
  readonly received: bigint[] = [];
  closed = false;
  ended = false;
  private listeners: (() => void)[] = [];

  send(message: AlertMessage): void {
    if (this.closed) throw new Error('send after close');
    this.received.push(message.position);
  }
  async writable(): Promise<boolean> {
    return !this.closed;
  }
  end(): void {
    this.ended = true;
    this.close();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.listeners) listener();
  }
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }
}

const positionsOfAlerts = (store: FakeStore, after: bigint): bigint[] =>
  store.log.events
    .filter((event) => event.streamId.startsWith('alert-') && event.position > after)
    .map((event) => event.position);

const setup = async (settings: { pageSize?: number; maxQueuedEvents?: number } = {}) => {
  const store = new FakeStore();
  const feed = new AlertFeed(store as unknown as EventStore, {
    pageSize: settings.pageSize ?? 3,
    maxQueuedEvents: settings.maxQueuedEvents ?? 100,
    restartDelayMs: 0,
  });
  return { store, feed };
};

describe('AlertFeed', () => {
  it('subscribes once, from the head at start, and sends live-only followers just what comes next', async () => {
    const { store, feed } = await setup();
    store.alert(1);
    store.other();
    await feed.start();
    await feed.start();
    expect(store.subscriptions).toHaveLength(1);
    expect(store.subscriptions[0].options.after).toBe(2n);

    const first = new FakeSink();
    const second = new FakeSink();
    await feed.follow(first, null);
    await feed.follow(second, null);
    expect(feed.connections).toBe(2);
    const a2 = store.alert(2);
    store.other();
    const a3 = store.alert(3, 'AlertAcknowledged');
    await store.publish();

    expect(first.received).toEqual([a2.position, a3.position]);
    expect(second.received).toEqual([a2.position, a3.position]);
    expect(store.reads).toBe(0);
  });

  it('catches a resuming follower up from the store, page by page, then goes live', async () => {
    const { store, feed } = await setup({ pageSize: 2 });
    const seen = store.alert(1);
    for (let n = 2; n <= 7; n += 1) {
      store.alert(n);
      store.other();
    }
    await feed.start();

    const sink = new FakeSink();
    await feed.follow(sink, seen.position);
    expect(sink.received).toEqual(positionsOfAlerts(store, seen.position));
    expect(store.reads).toBeGreaterThan(3);

    const live = store.alert(8);
    await store.publish();
    expect(sink.received.at(-1)).toBe(live.position);
    expect(sink.received).toEqual(positionsOfAlerts(store, seen.position));
  });

  it('loses and repeats nothing when events land while it catches up', async () => {
    const { store, feed } = await setup({ pageSize: 2 });
    for (let n = 1; n <= 5; n += 1) store.alert(n);
    await feed.start();
    // Feed published up to 5; more commits arrive (and are published) during every catch-up read.
    let next = 100;
    store.beforeRead = () => {
      if (next >= 106) return;
      store.alert(next++);
      store.other();
      void store.publish();
    };

    const sink = new FakeSink();
    await feed.follow(sink, 2n);
    store.beforeRead = null;
    store.alert(200);
    await store.publish();

    expect(sink.received).toEqual(positionsOfAlerts(store, 2n));
    expect(new Set(sink.received).size).toBe(sink.received.length);
  });

  it('sends from its buffer what was published after its last catch-up read', async () => {
    const { store, feed } = await setup({ pageSize: 2 });
    for (let n = 1; n <= 6; n += 1) store.alert(n);
    await feed.start();
    let next = 100;
    // Committed and published just after each read took its snapshot: only the buffer has them.
    store.afterRead = () => {
      if (next >= 104) return;
      store.alert(next++);
      void store.publish();
    };

    const sink = new FakeSink();
    await feed.follow(sink, 1n);
    store.afterRead = null;
    expect(sink.received).toEqual(positionsOfAlerts(store, 1n));
    expect(sink.received).toHaveLength(5 + 3); // three reads, each followed by a commit only the buffer saw
  });

  it('keeps its catch-up buffer bounded: past the limit it reads further from the store instead', async () => {
    const { store, feed } = await setup({ pageSize: 2, maxQueuedEvents: 3 });
    store.alert(1);
    await feed.start();
    let reads = 0;
    store.beforeRead = () => {
      reads += 1;
      if (reads > 4) return;
      for (let n = 0; n < 5; n += 1) store.alert(reads * 10 + n);
      void store.publish();
    };

    const sink = new FakeSink();
    await feed.follow(sink, 0n);
    store.beforeRead = null;
    store.alert(99);
    await store.publish();

    expect(sink.received).toEqual(positionsOfAlerts(store, 0n));
  });

  it('treats a position past the head as seen: only later events are sent', async () => {
    const { store, feed } = await setup();
    store.alert(1);
    await feed.start();
    const sink = new FakeSink();
    await feed.follow(sink, 5n);
    store.alert(2);
    store.alert(3);
    store.alert(4);
    store.alert(5);
    const later = store.alert(6);
    await store.publish();
    expect(sink.received).toEqual([later.position]);
  });

  it('detaches a follower that closes, during its catch-up or live', async () => {
    const { store, feed } = await setup({ pageSize: 1 });
    for (let n = 1; n <= 5; n += 1) store.alert(n);
    await feed.start();

    const leaving = new FakeSink();
    store.beforeRead = () => leaving.close();
    await feed.follow(leaving, 0n);
    expect(leaving.received).toEqual([]);
    expect(feed.connections).toBe(0);

    store.beforeRead = null;
    const live = new FakeSink();
    await feed.follow(live, null);
    expect(feed.connections).toBe(1);
    live.close();
    expect(feed.connections).toBe(0);
    store.alert(6);
    await store.publish();
    expect(live.received).toEqual([]);
  });

  it('resubscribes from the last published position after a failed read', async () => {
    const { store, feed } = await setup();
    await feed.start();
    const sink = new FakeSink();
    await feed.follow(sink, null);
    const before = store.alert(1);
    await store.publish();
    store.fail(new Error('connection lost'));
    const after = store.alert(2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.subscriptions).toHaveLength(2);
    expect(store.subscriptions[1].options.after).toBe(before.position);
    await store.publish();
    expect(sink.received).toEqual([before.position, after.position]);
  });

  it('ends every connection and stops the subscription when stopped, and refuses new ones', async () => {
    const { store, feed } = await setup();
    await feed.start();
    const sinks = [new FakeSink(), new FakeSink()];
    for (const sink of sinks) await feed.follow(sink, null);
    await feed.stop();
    expect(sinks.every((sink) => sink.ended)).toBe(true);
    expect(feed.connections).toBe(0);
    expect(store.subscriptions[0].stopped).toBe(true);

    const late = new FakeSink();
    await feed.follow(late, null);
    expect(late.ended).toBe(true);
    expect(feed.connections).toBe(0);
  });
});
