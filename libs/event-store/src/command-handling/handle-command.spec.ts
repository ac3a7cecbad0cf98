import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Decider, Event } from '@crm/domain';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import { ConcurrencyError, type EventStore } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import { StreamStateCache } from './stream-state-cache';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { handleCommand, type CommandContext } from './handle-command';
import { loadStream } from './load-stream';
import { WrongExpectedRevisionError } from './wrong-expected-revision.error';

type Incremented = Event<'Incremented', { by: number }>;
type CounterEvent = Incremented;
type Increment = Command<'Increment', { by: number }>;
type Touch = Command<'Touch', Record<string, never>>;
type CounterCommand = Increment | Touch;
type Counter = { value: number; increments: number };

/** Pure test decider: Increment adds, Touch decides nothing. */
const counter: Decider<Counter, CounterCommand, CounterEvent> = {
  initialState: () => ({ value: 0, increments: 0 }),
  evolve: (state, event) => ({ value: state.value + event.data.by, increments: state.increments + 1 }),
  decide: (command) => (command.type === 'Increment' ? [{ type: 'Incremented', data: { by: command.data.by } }] : []),
};

const meta = { now: '2024-06-01T00:00:00.000Z', actor: { userId: 'u-1', role: 'relationship_manager' as const } };
const increment = (by = 1): Increment => ({ type: 'Increment', data: { by }, metadata: meta });
const touch: Touch = { type: 'Touch', data: {}, metadata: meta };
const context: CommandContext = {
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: { userId: 'u-1', role: 'relationship_manager' },
};

describe('handleCommand', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-handle-'));
    store = SqliteEventStore.open(join(dir, 'events.db'));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads, decides, appends, and answers the new revision, position and state', async () => {
    const first = await handleCommand(store, 'counter-1', counter, increment(2), context);
    expect(first).toMatchObject({ revision: 0, position: 1n, state: { value: 2 } });
    const second = await handleCommand(store, 'counter-1', counter, increment(3), context);
    expect(second).toMatchObject({ revision: 1, position: 2n, state: { value: 5, increments: 2 } });
    expect(second.events).toEqual([{ type: 'Incremented', data: { by: 3 } }]);
  });

  it('records eventId (uuid v7), schema version and metadata from the context', async () => {
    await handleCommand(store, 'counter-1', counter, increment(), {
      ...context,
      occurredAt: '2024-05-31T09:00:00.000Z',
    });
    await handleCommand(store, 'counter-1', counter, increment(), context);
    const [withOccurredAt, withNow] = await store.readStream('counter-1');
    expect(withOccurredAt.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(withOccurredAt.schemaVersion).toBe(1);
    expect(withOccurredAt.metadata).toEqual({
      occurredAt: '2024-05-31T09:00:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      actor: { userId: 'u-1', role: 'relationship_manager' },
    });
    expect(withNow.metadata.occurredAt).toBe(meta.now);
  });

  it('derives event ids from a seed, so the same outside fact decided again is refused by the store', async () => {
    const seeded = { ...context, eventIdSeed: 'urn:bank:core\nfact-1' };
    await handleCommand(store, 'counter-1', counter, increment(), seeded);
    const [first] = await store.readStream('counter-1');
    expect(first.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await expect(handleCommand(store, 'counter-1', counter, increment(), seeded)).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
    await handleCommand(store, 'counter-1', counter, increment(), { ...context, eventIdSeed: 'urn:bank:core\nfact-2' });
    expect((await store.readStream('counter-1')).map((event) => event.eventId)).toHaveLength(2);
  });

  it('stamps each event with the current schema version of its type: PaymentPastDue at 2, others at 1', async () => {
    type PastDue = Event<
      'PaymentPastDue',
      { facilityId: string; overdueSince: string; daysPastDue: number; amountOverdue: string }
    >;
    type Report = Command<'Report', Record<string, never>>;
    const reporter: Decider<null, Report, PastDue | Incremented> = {
      initialState: () => null,
      evolve: (state) => state,
      decide: () => [
        { type: 'Incremented', data: { by: 1 } },
        {
          type: 'PaymentPastDue',
          data: { facilityId: 'F-1', overdueSince: '2024-05-22', daysPastDue: 10, amountOverdue: '100.00' },
        },
      ],
    };
    await handleCommand(store, 'client-1', reporter, { type: 'Report', data: {}, metadata: meta }, context);
    const stored = await store.readStream('client-1');
    expect(stored.map((event) => [event.type, event.schemaVersion])).toEqual([
      ['Incremented', 1],
      ['PaymentPastDue', 2],
    ]);
    expect(stored[1].data).toEqual({
      facilityId: 'F-1',
      overdueSince: '2024-05-22',
      daysPastDue: 10,
      amountOverdue: '100.00',
    });
  });

  it('appends nothing when the decider decides nothing', async () => {
    const empty = await handleCommand(store, 'counter-1', counter, touch, context);
    expect(empty).toEqual({ revision: -1, position: 0n, events: [], state: { value: 0, increments: 0 } });
    await handleCommand(store, 'counter-1', counter, increment(), context);
    const after = await handleCommand(store, 'counter-1', counter, touch, context);
    expect(after).toMatchObject({ revision: 0, position: 1n, events: [] });
    expect(await store.headPosition()).toBe(1n);
  });

  it('runs 20 concurrent commands on one stream one after another; all succeed', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => handleCommand(store, 'hot', counter, increment(), context)),
    );
    expect(results.map((result) => result.revision)).toEqual([...Array(20).keys()]);
    const loaded = await loadStream(store, 'hot', counter);
    expect(loaded).toMatchObject({ revision: 19, state: { value: 20 } });
  });

  it('retries clashes with another writer on the same file, deciding again on fresh state', async () => {
    const other = SqliteEventStore.open(join(dir, 'events.db'));
    try {
      const commands = Array.from({ length: 40 }, (_, i) =>
        handleCommand(i % 2 === 0 ? store : other, 'shared', counter, increment(), context),
      );
      const results = await Promise.all(commands);
      expect(new Set(results.map((result) => result.revision)).size).toBe(40);
      expect((await loadStream(store, 'shared', counter)).state).toEqual({ value: 40, increments: 40 });
    } finally {
      await other.close();
    }
  });

  it('rethrows the ConcurrencyError once retries are exhausted', async () => {
    let appends = 0;
    const clashing: EventStore = {
      appendToStream: async (streamId, _events, { expectedRevision }) => {
        appends += 1;
        throw new ConcurrencyError(streamId, expectedRevision, 3);
      },
      readStream: (streamId, options) => store.readStream(streamId, options),
      readAll: (options) => store.readAll(options),
      headPosition: () => store.headPosition(),
      subscribeToAll: (options, handler) => store.subscribeToAll(options, handler),
      getCheckpoint: (name) => store.getCheckpoint(name),
      storeCheckpoint: (name, position) => store.storeCheckpoint(name, position),
      close: () => store.close(),
    };
    await expect(handleCommand(clashing, 'c', counter, increment(), context, { maxRetries: 3 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(appends).toBe(4);
  });

  it('fails with WrongExpectedRevisionError, without deciding, when the stream is not at the expected revision', async () => {
    await handleCommand(store, 'counter-1', counter, increment(), context);
    const decide = jest.fn(counter.decide);
    const spied = { ...counter, decide };
    const failure = handleCommand(store, 'counter-1', spied, increment(), context, { expectedRevision: 5 });
    await expect(failure).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(failure).rejects.toMatchObject({ expected: 5, actual: 0 });
    expect(decide).not.toHaveBeenCalled();
    expect(await store.headPosition()).toBe(1n);
  });

  it('treats expectedRevision -1 as "the stream must not exist"', async () => {
    expect((await handleCommand(store, 'new', counter, increment(), context, { expectedRevision: -1 })).revision).toBe(
      0,
    );
    await expect(
      handleCommand(store, 'new', counter, increment(), context, { expectedRevision: -1 }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('fails every pinned command but the first when several expect the same revision', async () => {
    await handleCommand(store, 'counter-1', counter, increment(), context);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, () =>
        handleCommand(store, 'counter-1', counter, increment(), context, { expectedRevision: 0 }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
    }
  });

  it('lets domain errors through untouched', async () => {
    const boom = new Error('invariant');
    const failing = {
      ...counter,
      decide: () => {
        throw boom;
      },
    };
    await expect(handleCommand(store, 'counter-1', failing, increment(), context)).rejects.toBe(boom);
  });

  it('upcasts older event versions on load', async () => {
    await store.appendToStream(
      'legacy',
      [
        {
          eventId: 'e-1',
          type: 'Incremented',
          data: { amount: 7 },
          schemaVersion: 0,
          metadata: { occurredAt: meta.now, ...context },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const upcasters = new UpcasterRegistry().register('Incremented', 0, (data) => ({
      by: (data as { amount: number }).amount,
    }));
    const loaded = await loadStream(store, 'legacy', counter, { upcast: upcasters.upcast });
    expect(loaded.state.value).toBe(7);
  });

  describe('with a stream state cache', () => {
    it('gives the same results, and reads only events newer than the cached revision', async () => {
      const cache = new StreamStateCache<Counter>();
      await handleCommand(store, 'c', counter, increment(2), context, { cache });
      expect(cache.get('c')).toMatchObject({ revision: 0, state: { value: 2 } });
      const readStream = jest.spyOn(store, 'readStream');
      const result = await handleCommand(store, 'c', counter, increment(3), context, { cache });
      expect(result).toMatchObject({ revision: 1, position: 2n, state: { value: 5, increments: 2 } });
      expect(readStream).toHaveBeenCalledWith('c', { fromRevision: 1 });
    });

    it('sees events appended behind its back, by other writers', async () => {
      const cache = new StreamStateCache<Counter>();
      await handleCommand(store, 'c', counter, increment(1), context, { cache });
      await handleCommand(store, 'c', counter, increment(10), context);
      const result = await handleCommand(store, 'c', counter, increment(100), context, { cache });
      expect(result).toMatchObject({ revision: 2, state: { value: 111, increments: 3 } });
    });

    it('stays correct under 20 concurrent commands on one stream', async () => {
      const cache = new StreamStateCache<Counter>();
      await Promise.all(
        Array.from({ length: 20 }, () => handleCommand(store, 'hot', counter, increment(), context, { cache })),
      );
      expect(cache.get('hot')).toMatchObject({ revision: 19, state: { value: 20 } });
      expect((await loadStream(store, 'hot', counter)).state.value).toBe(20);
    });
  });

  it('turns a clash at append time into WrongExpectedRevisionError when the revision was pinned', async () => {
    const other = SqliteEventStore.open(join(dir, 'events.db'));
    try {
      await handleCommand(store, 'c', counter, increment(), context);
      // Both load revision 0 before either appends: the second append clashes in the store.
      const outcomes = await Promise.allSettled([
        handleCommand(store, 'c', counter, increment(), context, { expectedRevision: 0 }),
        handleCommand(other, 'c', counter, increment(), context, { expectedRevision: 0 }),
      ]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(rejected?.reason).toMatchObject({ expected: 0, actual: 1 });
    } finally {
      await other.close();
    }
  });
});
