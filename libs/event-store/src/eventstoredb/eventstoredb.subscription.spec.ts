import { PassThrough } from 'node:stream';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { eventually, sampleNewEvent } from '@crm/testing';
import type { RecordedEvent, SubscriptionOptions, BatchHandler } from '../event-store.port';
import { EventStoreDbSubscription, type LiveEventStream, type SubscriptionSource } from './eventstoredb.subscription';

/** Stands in for the client's AllStreamSubscription: an object stream the test writes server messages into. */
class FakeLiveStream extends PassThrough implements LiveEventStream {
  unsubscribed = false;
  constructor() {
    super({ objectMode: true });
  }
  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }
  send(...positions: bigint[]): void {
    for (const commitPosition of positions) this.write({ commitPosition } satisfies AllStreamResolvedEvent);
  }
}

/** Fake events carry only a position; one without a position stands for an event outside the scope. */
const toRecordedEvent = (resolved: AllStreamResolvedEvent): RecordedEvent | null => {
  if (resolved.commitPosition === undefined) return null;
  const event = sampleNewEvent();
  return {
    ...event,
    streamId: 's',
    revision: 0,
    position: resolved.commitPosition,
    recordedAt: new Date().toISOString(),
  };
};

const setUp = (head: bigint, options: SubscriptionOptions, handler: BatchHandler) => {
  const stream = new FakeLiveStream();
  const startedAfter: bigint[] = [];
  const source: SubscriptionSource = {
    headPosition: async () => head,
    subscribe: (after) => {
      startedAfter.push(after);
      return stream;
    },
    toRecordedEvent,
  };
  return { stream, startedAfter, subscription: new EventStoreDbSubscription(source, options, handler) };
};

const positionsOf = (batches: RecordedEvent[][]) => batches.map((batch) => batch.map((event) => event.position));
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('EventStoreDbSubscription', () => {
  it('delivers buffered events in batches of at most batchSize, one handler call at a time', async () => {
    const batches: RecordedEvent[][] = [];
    let running = 0;
    let overlapped = false;
    const { stream, startedAfter, subscription } = setUp(50n, { after: 0n, batchSize: 2 }, async (batch) => {
      overlapped ||= running > 0;
      running++;
      batches.push([...batch]);
      await settle();
      running--;
    });
    stream.send(10n, 20n, 30n, 40n, 50n);
    await subscription.caughtUp;
    expect(startedAfter).toEqual([0n]);
    expect(positionsOf(batches)).toEqual([[10n, 20n], [30n, 40n], [50n]]);
    expect(overlapped).toBe(false);
    expect(subscription.position()).toBe(50n);

    stream.send(60n);
    await eventually(() => subscription.position() === 60n);
    expect(positionsOf(batches).at(-1)).toEqual([60n]);
    await subscription.stop();
    expect(stream.unsubscribed).toBe(true);
  });

  it('is caught up at once when the log holds nothing after its start', async () => {
    const { subscription } = setUp(30n, { after: 30n }, async () => undefined);
    await subscription.caughtUp;
    expect(subscription.position()).toBe(30n);
    await subscription.stop();
  });

  it('is caught up when the server says so, once everything received before is handled', async () => {
    const handled: bigint[] = [];
    // A head the subscription never reaches, e.g. its event was scavenged after the head was read.
    const { stream, startedAfter, subscription } = setUp(999n, { after: 0n }, async (batch) => {
      await settle();
      handled.push(...batch.map((event) => event.position));
    });
    await eventually(() => startedAfter.length === 1);
    stream.send(10n, 20n);
    stream.emit('caughtUp');
    await subscription.caughtUp;
    expect(handled).toEqual([10n, 20n]);
    await subscription.stop();
  });

  it('never hands the handler an event at or before the start, nor one outside the scope', async () => {
    const batches: RecordedEvent[][] = [];
    const { stream, subscription } = setUp(40n, { after: 20n }, async (batch) => {
      batches.push([...batch]);
    });
    stream.send(20n);
    stream.write({} satisfies AllStreamResolvedEvent);
    stream.send(30n, 40n);
    await subscription.caughtUp;
    expect(positionsOf(batches).flat()).toEqual([30n, 40n]);
    await subscription.stop();
  });

  it('stops on a handler error, reports it, rejects caughtUp and keeps the last good position', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const { stream, subscription } = setUp(
      30n,
      { after: 0n, batchSize: 1, onError: (error) => errors.push(error) },
      async () => {
        if (++calls === 2) throw new Error('projection failed');
      },
    );
    stream.send(10n, 20n, 30n);
    await expect(subscription.caughtUp).rejects.toThrow('projection failed');
    expect(errors).toHaveLength(1);
    expect(subscription.position()).toBe(10n);
    await subscription.finished;
    expect(stream.unsubscribed).toBe(true);
    expect(calls).toBe(2);
  });

  it('lets the in-flight batch finish when stopped', async () => {
    let finished = false;
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const { stream, subscription } = setUp(10n, { after: 0n }, async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = true;
    });
    stream.send(10n);
    await handlerStarted;
    await subscription.stop();
    expect(finished).toBe(true);
    expect(subscription.position()).toBe(10n);
    expect(stream.unsubscribed).toBe(true);
  });

  it('is caught up when the server says so while nothing is pending', async () => {
    const { stream, startedAfter, subscription } = setUp(999n, { after: 0n }, async () => undefined);
    await eventually(() => startedAfter.length === 1);
    stream.emit('caughtUp');
    await subscription.caughtUp;
    await subscription.stop();
  });

  it('stops while waiting for live events', async () => {
    const { stream, subscription } = setUp(0n, { after: 0n }, async () => undefined);
    await subscription.caughtUp;
    await settle();
    await subscription.stop();
    expect(stream.unsubscribed).toBe(true);
  });
});
