import { v7 as uuidv7 } from 'uuid';
import type { Command, Decider, Event } from '@crm/domain';
import {
  ConcurrencyError,
  handleCommand,
  type CommandContext,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from '@crm/event-store';

export type EventStoreFactory = () => Promise<{ store: EventStore; teardown: () => Promise<void> }>;

export type EventStoreContractOptions = Readonly<{
  /**
   * The store itself refuses every misuse of event ids (a partial overlap, ids out of order, an id
   * from another stream) and recognises a repeat whatever revision it expects. EventStoreDB checks
   * ids only against the revisions an append would take, and not across streams, so its adapter
   * runs without these tests; the exact-retry test still holds it to idempotent re-append.
   */
  strictEventIds?: boolean;
}>;

const metadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  occurredAt: '2024-05-01T08:30:00.000Z',
  correlationId: uuidv7(),
  causationId: uuidv7(),
  actor: { userId: 'rm-001', role: 'relationship_manager' },
  ...overrides,
});

export const sampleNewEvent = (
  type = 'Something',
  data: unknown = { n: 1 },
  overrides: Partial<NewEvent> = {},
): NewEvent => ({
  eventId: uuidv7(),
  type,
  data,
  metadata: metadata(),
  schemaVersion: 1,
  ...overrides,
});

const events = (count: number, type = 'Numbered'): NewEvent[] =>
  Array.from({ length: count }, (_, n) => sampleNewEvent(type, { n }));

/** Polls until `condition` holds; subscriptions deliver asynchronously. */
export const eventually = async (condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const streamName = (prefix = 'test'): string => `${prefix}-${uuidv7()}`;

type Repeated = Event<'Repeated', { n: number }>;
/** Decides `times` events; a negative count is refused. */
type Repeat = Command<'Repeat', { times: number }>;

const repeater: Decider<number, Repeat, Repeated> = {
  initialState: () => 0,
  evolve: (count) => count + 1,
  decide: ({ data: { times } }) => {
    if (times < 0) throw new RangeError(`cannot repeat ${times} times`);
    return Array.from({ length: times }, (_, n) => ({ type: 'Repeated', data: { n } }));
  },
};
const repeat = (times: number): Repeat => ({
  type: 'Repeat',
  data: { times },
  metadata: { now: '2024-05-01T08:30:00.000Z', actor: { userId: 'rm-001', role: 'relationship_manager' } },
});
const commandContext: CommandContext = {
  correlationId: 'contract-correlation',
  causationId: 'contract-causation',
  actor: { userId: 'rm-001', role: 'relationship_manager' },
};

const expectIncreasing = (values: readonly bigint[]): void => {
  for (let i = 1; i < values.length; i++) expect(values[i] > values[i - 1]).toBe(true);
};

/**
 * The behaviour every EventStore adapter must show. Each adapter's spec calls this with a factory
 * giving a fresh, empty store per test.
 */
export function eventStoreContract(
  name: string,
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void {
  // Skipped only for stores that declare they do not police event ids (see strictEventIds).
  const strictIt = options.strictEventIds === false ? it.skip : it;
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let teardown: () => Promise<void>;
    const subscriptions: Subscription[] = [];

    beforeEach(async () => {
      ({ store, teardown } = await factory());
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
      await teardown();
    });

    const subscribe = (...args: Parameters<EventStore['subscribeToAll']>): Subscription => {
      const subscription = store.subscribeToAll(...args);
      subscriptions.push(subscription);
      return subscription;
    };

    const expectNothingStored = async (streamId: string, headBefore: bigint, countBefore: number) => {
      expect(await store.readStream(streamId)).toHaveLength(countBefore);
      expect(await store.headPosition()).toBe(headBefore);
    };

    describe('append and read', () => {
      it('reads back what was appended, with revisions from 0 and store-set fields', async () => {
        const streamId = streamName();
        const written = [sampleNewEvent('Opened', { a: 1 }), sampleNewEvent('Changed', { b: 'two' })];
        const result = await store.appendToStream(streamId, written, { expectedRevision: 'no_stream' });

        const read = await store.readStream(streamId);
        expect(read).toHaveLength(2);
        read.forEach((event, index) => {
          expect(event.eventId).toBe(written[index].eventId);
          expect(event.streamId).toBe(streamId);
          expect(event.type).toBe(written[index].type);
          expect(event.data).toEqual(written[index].data);
          expect(event.metadata).toEqual(written[index].metadata);
          expect(event.schemaVersion).toBe(1);
          expect(event.revision).toBe(index);
          expect(typeof event.position).toBe('bigint');
          expect(event.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        });
        // Positions only increase: EventStoreDB's are byte offsets, so they need not be consecutive.
        expect(read[1].position > read[0].position).toBe(true);
        expect(result).toEqual({ revision: 1, position: read[1].position });
      });

      it('returns an empty list for a stream that does not exist', async () => {
        expect(await store.readStream(streamName())).toEqual([]);
      });

      it('reads a stream from a revision, up to a count', async () => {
        const streamId = streamName();
        await store.appendToStream(streamId, events(5), { expectedRevision: 'no_stream' });
        const slice = await store.readStream(streamId, { fromRevision: 2, maxCount: 2 });
        expect(slice.map((event) => event.revision)).toEqual([2, 3]);
        expect(slice.map((event) => (event.data as { n: number }).n)).toEqual([2, 3]);
      });

      it('keeps streams apart', async () => {
        const [a, b] = [streamName(), streamName()];
        await store.appendToStream(a, events(2), { expectedRevision: 'no_stream' });
        await store.appendToStream(b, events(3), { expectedRevision: 'no_stream' });
        expect(await store.readStream(a)).toHaveLength(2);
        expect((await store.readStream(b)).map((event) => event.revision)).toEqual([0, 1, 2]);
      });

      it('answers reads asked for at once each as if alone: several streams, one twice, an empty one', async () => {
        const [a, b, none] = [streamName(), streamName(), streamName()];
        await store.appendToStream(a, events(4), { expectedRevision: 'no_stream' });
        await store.appendToStream(b, events(3), { expectedRevision: 'no_stream' });
        const reads = await Promise.all([
          store.readStream(b, { fromRevision: 1 }),
          store.readStream(none),
          store.readStream(a, { fromRevision: 1, maxCount: 2 }),
          store.readStream(a),
          store.readStream(b, { fromRevision: 3 }),
        ]);
        const ns = (read: readonly RecordedEvent[]) =>
          read.map((event) => [event.streamId, event.revision, (event.data as { n: number }).n]);
        expect(reads.map(ns)).toEqual([
          [
            [b, 1, 1],
            [b, 2, 2],
          ],
          [],
          [
            [a, 1, 1],
            [a, 2, 2],
          ],
          [0, 1, 2, 3].map((n) => [a, n, n]),
          [],
        ]);
      });

      it('round-trips metadata and data exactly, including unicode and decimal strings', async () => {
        const streamId = streamName('client');
        const data = {
          legalName: '上海浦东发展有限公司',
          amount: '5000000.00',
          nested: { list: [1, 'two', null, { three: true }] },
          emoji: '✓ – "quoted" \\ back',
        };
        const meta = metadata({
          actor: { userId: 'u-张', role: 'risk_officer' },
          occurredAt: '2023-12-31T23:59:59.999Z',
        });
        const written = sampleNewEvent('ProspectRegistered', data, { metadata: meta, schemaVersion: 3 });
        await store.appendToStream(streamId, [written], { expectedRevision: 'any' });
        const [read] = await store.readStream(streamId);
        expect(read.data).toEqual(data);
        expect(read.metadata).toEqual(meta);
        expect(read.schemaVersion).toBe(3);
        // `after` is 0n or a position the store returned; arithmetic on positions is not portable.
        const fromAll = (await store.readAll()).find((event) => event.eventId === written.eventId);
        expect(fromAll?.metadata).toEqual(meta);
      });

      it('gives increasing revisions per stream and increasing positions across streams', async () => {
        const streams = [streamName(), streamName(), streamName()];
        for (let round = 0; round < 3; round++) {
          for (const streamId of streams)
            await store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'any' });
        }
        const all = await store.readAll();
        expect(all).toHaveLength(9);
        expectIncreasing(all.map((event) => event.position));
        for (const streamId of streams) {
          expect(all.filter((event) => event.streamId === streamId).map((event) => event.revision)).toEqual([0, 1, 2]);
        }
      });
    });

    describe('expected revision', () => {
      it('any: appends to a new stream and to an existing one', async () => {
        const streamId = streamName();
        expect((await store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'any' })).revision).toBe(
          0,
        );
        expect((await store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'any' })).revision).toBe(
          1,
        );
      });

      it('no_stream: succeeds on a new stream, fails on an existing one and stores nothing', async () => {
        const streamId = streamName();
        await store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const failure = store.appendToStream(streamId, events(2), { expectedRevision: 'no_stream' });
        await expect(failure).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(failure).rejects.toMatchObject({ streamId, expected: 'no_stream', actual: 0 });
        await expectNothingStored(streamId, head, 1);
      });

      it('exists: fails on a new stream and stores nothing, succeeds on an existing one', async () => {
        const streamId = streamName();
        const failure = store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'exists' });
        await expect(failure).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(failure).rejects.toMatchObject({ streamId, expected: 'exists', actual: null });
        await expectNothingStored(streamId, 0n, 0);

        await store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'any' });
        expect(
          (await store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'exists' })).revision,
        ).toBe(1);
      });

      it('n: succeeds at the current revision, fails ahead or behind it and stores nothing', async () => {
        const streamId = streamName();
        await store.appendToStream(streamId, events(2), { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        for (const wrong of [0, 2, 5]) {
          const failure = store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: wrong });
          await expect(failure).rejects.toBeInstanceOf(ConcurrencyError);
          await expect(failure).rejects.toMatchObject({ expected: wrong, actual: 1 });
        }
        await expectNothingStored(streamId, head, 2);
        const result = await store.appendToStream(streamId, events(2), { expectedRevision: 1 });
        expect(result.revision).toBe(3);
      });

      it('n: fails on a stream that does not exist', async () => {
        const streamId = streamName();
        await expect(store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 0 })).rejects.toMatchObject(
          {
            actual: null,
          },
        );
        await expectNothingStored(streamId, 0n, 0);
      });

      it('a failed multi-event append stores none of its events', async () => {
        const streamId = streamName();
        const batch = events(3);
        await expect(store.appendToStream(streamId, batch, { expectedRevision: 'exists' })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        expect(await store.readAll()).toEqual([]);
        // The ids were not consumed: the same events can be appended for real afterwards.
        expect((await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' })).revision).toBe(2);
      });
    });

    describe('idempotent re-append', () => {
      it('returns the original result for an exact retry, without writing', async () => {
        const streamId = streamName();
        const batch = events(2);
        const original = await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        expect(await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' })).toEqual(original);
        await expectNothingStored(streamId, head, 2);
      });

      strictIt('returns the original result without writing, whatever revision it expects', async () => {
        const streamId = streamName();
        const batch = events(2);
        const original = await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
        await store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 1 });
        const head = await store.headPosition();

        for (const expectedRevision of ['no_stream', 'any', 'exists', -7, 1, 2] as const) {
          expect(await store.appendToStream(streamId, batch, { expectedRevision })).toEqual(original);
        }
        await expectNothingStored(streamId, head, 3);
      });

      it('accepts a run of events from the middle of the stream, at the revisions they hold', async () => {
        const streamId = streamName();
        const batch = events(4);
        await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
        const stored = await store.readStream(streamId);
        const again = await store.appendToStream(streamId, batch.slice(1, 3), { expectedRevision: 'no_stream' });
        expect(again).toEqual({ revision: 2, position: stored[2].position });
        expect(await store.readStream(streamId)).toHaveLength(4);
      });

      strictIt('rejects a partial overlap and stores nothing', async () => {
        const streamId = streamName();
        const batch = events(2);
        await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        await expect(
          store.appendToStream(streamId, [batch[1], sampleNewEvent()], { expectedRevision: 'any' }),
        ).rejects.toThrow();
        await expect(
          store.appendToStream(streamId, [sampleNewEvent(), batch[0]], { expectedRevision: 'any' }),
        ).rejects.toThrow();
        await expectNothingStored(streamId, head, 2);
      });

      strictIt('rejects events out of their recorded order', async () => {
        const streamId = streamName();
        const batch = events(2);
        await store.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(streamId, [batch[1], batch[0]], { expectedRevision: 'any' }),
        ).rejects.toThrow();
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      strictIt('rejects an event id that already exists in another stream', async () => {
        const [a, b] = [streamName(), streamName()];
        const event = sampleNewEvent();
        await store.appendToStream(a, [event], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        await expect(store.appendToStream(b, [event], { expectedRevision: 'any' })).rejects.toThrow();
        await expectNothingStored(b, head, 0);
      });
    });

    describe('global log', () => {
      it('reports head position 0n when empty, then the last position', async () => {
        expect(await store.headPosition()).toBe(0n);
        expect(await store.readAll()).toEqual([]);
        const { position } = await store.appendToStream(streamName(), events(3), { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBe(position);
      });

      it('pages with after (exclusive) and maxCount, in position order', async () => {
        for (let i = 0; i < 5; i++)
          await store.appendToStream(streamName(), events(5), { expectedRevision: 'no_stream' });
        const all = await store.readAll();
        expect(all).toHaveLength(25);
        expectIncreasing(all.map((event) => event.position));

        const paged: RecordedEvent[] = [];
        let after = 0n;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 7 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(7);
          paged.push(...page);
          after = page[page.length - 1].position;
        }
        expect(paged.map((event) => event.eventId)).toEqual(all.map((event) => event.eventId));
        expect(await store.readAll({ after: all[24].position })).toEqual([]);
        expect((await store.readAll({ after: all[9].position, maxCount: 3 })).map((event) => event.eventId)).toEqual(
          all.slice(10, 13).map((event) => event.eventId),
        );
      });

      it('answers log reads asked for at once each as if alone, from one position with other counts too', async () => {
        await store.appendToStream(streamName(), events(6), { expectedRevision: 'no_stream' });
        const all = await store.readAll();
        const from = all[1].position;
        const reads = await Promise.all([
          store.readAll({ after: from, maxCount: 2 }),
          store.readAll({ after: from }),
          store.readAll({ after: from, maxCount: 3 }),
          store.readAll({ after: all[4].position, maxCount: 5 }),
          store.readAll({ after: from, maxCount: 2 }),
        ]);
        const ids = (events: readonly RecordedEvent[]) => events.map((event) => event.eventId);
        expect(reads.map(ids)).toEqual(
          [all.slice(2, 4), all.slice(2), all.slice(2, 5), all.slice(5), all.slice(2, 4)].map(ids),
        );
        expect(reads[0][0]).not.toBe(reads[4][0]);
      });
    });

    describe('checkpoints', () => {
      it('is null until stored, then holds the latest value', async () => {
        expect(await store.getCheckpoint('projector')).toBeNull();
        await store.storeCheckpoint('projector', 42n);
        await store.storeCheckpoint('relay', 7n);
        expect(await store.getCheckpoint('projector')).toBe(42n);
        await store.storeCheckpoint('projector', 9_007_199_254_740_993n);
        expect(await store.getCheckpoint('projector')).toBe(9_007_199_254_740_993n);
        expect(await store.getCheckpoint('relay')).toBe(7n);
      });
    });

    describe('subscriptions', () => {
      it('catches up in batches, then delivers live appends in order, none twice', async () => {
        for (let i = 0; i < 5; i++)
          await store.appendToStream(streamName(), events(1), { expectedRevision: 'no_stream' });
        const received: RecordedEvent[] = [];
        const batchSizes: number[] = [];
        const subscription = subscribe({ after: 0n, batchSize: 2 }, async (batch) => {
          batchSizes.push(batch.length);
          received.push(...batch);
        });
        await subscription.caughtUp;
        expect(received).toHaveLength(5);
        expect(Math.max(...batchSizes)).toBeLessThanOrEqual(2);

        const live = streamName();
        for (let i = 0; i < 4; i++)
          await store.appendToStream(live, [sampleNewEvent('Live', { i })], { expectedRevision: 'any' });
        await store.appendToStream(streamName(), events(3), { expectedRevision: 'no_stream' });
        await eventually(() => received.length >= 12);
        await new Promise((resolve) => setTimeout(resolve, 50));

        const all = await store.readAll();
        expect(received.map((event) => event.eventId)).toEqual(all.map((event) => event.eventId));
        expect(subscription.position()).toBe(all[all.length - 1].position);
      });

      it('lets the event loop turn between catch-up batches, so timers and signals are not held off', async () => {
        await store.appendToStream(streamName(), events(20), { expectedRevision: 'no_stream' });
        let delivered = 0;
        let deliveredWhenTurned: number | null = null;
        // Scheduled before any batch: a catch-up whose every await resolves at once (SQLite answers
        // synchronously) would run it only after the last batch.
        setImmediate(() => (deliveredWhenTurned = delivered));
        const subscription = subscribe({ after: 0n, batchSize: 2 }, async (batch) => {
          delivered += batch.length;
        });
        await subscription.caughtUp;
        await eventually(() => delivered >= 20);
        expect(deliveredWhenTurned).not.toBeNull();
        expect(deliveredWhenTurned).toBeLessThan(20);
      });

      it('is caught up at once on an empty store, then receives live events', async () => {
        const received: RecordedEvent[] = [];
        const subscription = subscribe({ after: 0n }, async (batch) => {
          received.push(...batch);
        });
        await subscription.caughtUp;
        expect(subscription.position()).toBe(0n);
        await store.appendToStream(streamName(), events(2), { expectedRevision: 'no_stream' });
        await eventually(() => received.length === 2);
      });

      it('resumes after a stored checkpoint without redelivering', async () => {
        await store.appendToStream(streamName(), events(4), { expectedRevision: 'no_stream' });
        const first: RecordedEvent[] = [];
        const one = subscribe({ after: 0n, batchSize: 3 }, async (batch) => {
          first.push(...batch);
          await store.storeCheckpoint('test-consumer', batch[batch.length - 1].position);
        });
        await one.caughtUp;
        // On PostgreSQL an event committed just before the subscription started can still be behind
        // the safe head while another transaction is in flight (a loaded machine); it then comes live.
        await eventually(() => first.length >= 4);
        await one.stop();
        expect(first).toHaveLength(4);

        await store.appendToStream(streamName(), events(3), { expectedRevision: 'no_stream' });
        const checkpoint = await store.getCheckpoint('test-consumer');
        expect(checkpoint).toBe(first[3].position);

        const second: RecordedEvent[] = [];
        const two = subscribe({ after: checkpoint ?? 0n }, async (batch) => {
          second.push(...batch);
        });
        await two.caughtUp;
        await eventually(() => second.length >= 3);
        const all = await store.readAll();
        expect(second.map((event) => event.eventId)).toEqual(all.slice(4).map((event) => event.eventId));
      });

      it('stops on a handler error, reports it and never skips the failed batch', async () => {
        await store.appendToStream(streamName(), events(3), { expectedRevision: 'no_stream' });
        const errors: unknown[] = [];
        const seen: RecordedEvent[][] = [];
        const failing = subscribe(
          { after: 0n, batchSize: 2, onError: (error) => errors.push(error) },
          async (batch) => {
            seen.push([...batch]);
            if (seen.length === 2) throw new Error('projection failed');
          },
        );
        await eventually(() => errors.length === 1);
        expect((errors[0] as Error).message).toBe('projection failed');
        await expect(failing.caughtUp).rejects.toThrow('projection failed');
        const failedBatch = seen[1];
        expect(failing.position()).toBe(seen[0][seen[0].length - 1].position);

        await store.appendToStream(streamName(), events(2), { expectedRevision: 'no_stream' });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(seen).toHaveLength(2);

        const retried: RecordedEvent[] = [];
        const again = subscribe({ after: failing.position() }, async (batch) => {
          retried.push(...batch);
        });
        await again.caughtUp;
        expect(retried[0].eventId).toBe(failedBatch[0].eventId);
        expect(retried).toHaveLength(3);
      });

      it('waits for the in-flight batch when stopped', async () => {
        await store.appendToStream(streamName(), events(2), { expectedRevision: 'no_stream' });
        let finished = false;
        let started!: () => void;
        const handlerStarted = new Promise<void>((resolve) => (started = resolve));
        const subscription = subscribe({ after: 0n }, async () => {
          started();
          await new Promise((resolve) => setTimeout(resolve, 100));
          finished = true;
        });
        await handlerStarted;
        await subscription.stop();
        expect(finished).toBe(true);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of many appends with the same expected revision win', async () => {
        const streamId = streamName();
        await store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () => store.appendToStream(streamId, events(2), { expectedRevision: 0 })),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
        }
        expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1, 2]);
      });

      it('lets one no_stream creation win among many', async () => {
        const streamId = streamName();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, () =>
            store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'no_stream' }),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('lands every concurrent append to distinct streams, each with consistent results', async () => {
        const streams = Array.from({ length: 50 }, () => streamName());
        const results = await Promise.all(
          streams.map((streamId) => store.appendToStream(streamId, events(2), { expectedRevision: 'no_stream' })),
        );
        expect(results.every((result) => result.revision === 1)).toBe(true);
        expect(new Set(results.map((result) => result.position)).size).toBe(50);
        const all = await store.readAll();
        expect(all).toHaveLength(100);
        expectIncreasing(all.map((event) => event.position));
        for (const [index, streamId] of streams.entries()) {
          const read = await store.readStream(streamId);
          expect(read[1].position).toBe(results[index].position);
        }
      });

      it('serialises concurrent appends to one stream with expected revision any', async () => {
        const streamId = streamName();
        await Promise.all(
          Array.from({ length: 20 }, () =>
            store.appendToStream(streamId, [sampleNewEvent()], { expectedRevision: 'any' }),
          ),
        );
        expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([...Array(20).keys()]);
      });
    });

    describe('commands through handleCommand', () => {
      // The pipeline appends a burst at once and learns the positions of its earlier commands'
      // events by reading them back, which every adapter must support alike.
      it('commits a burst on one stream in one append and answers each command at its own last event', async () => {
        const streamId = streamName('hot');
        const append = jest.spyOn(store, 'appendToStream');
        const outcomes = await Promise.allSettled(
          [1, 2, 0, -1, 3].map((times) => handleCommand(store, streamId, repeater, repeat(times), commandContext)),
        );
        expect(append).toHaveBeenCalledTimes(1);
        const stored = await store.readStream(streamId);
        expect(stored).toHaveLength(6);
        const answered = outcomes.map((outcome) =>
          outcome.status === 'fulfilled'
            ? [outcome.value.revision, outcome.value.position, outcome.value.state]
            : outcome.reason,
        );
        expect(answered).toEqual([
          [0, stored[0].position, 1],
          [2, stored[2].position, 3],
          [2, stored[2].position, 3],
          new RangeError('cannot repeat -1 times'),
          [5, stored[5].position, 6],
        ]);
      });
    });
  });
}
