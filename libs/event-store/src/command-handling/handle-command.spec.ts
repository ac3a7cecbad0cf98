import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Decider, Event } from '@crm/domain';
import { ConcurrencyError, type EventStore } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
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
    await handleCommand(store, 'counter-1', counter, increment(), { ...context, occurredAt: '2024-05-31T09:00:00.000Z' });
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

  it('appends nothing when the decider decides nothing', async () => {
    const empty = await handleCommand(store, 'counter-1', counter, touch, context);
    expect(empty).toEqual({ revision: -1, position: 0n, events: [], state: { value: 0, increments: 0 } });
    await handleCommand(store, 'counter-1', counter, increment(), context);
    const after = await handleCommand(store, 'counter-1', counter, touch, context);
    expect(after).toMatchObject({ revision: 0, position: 1n, events: [] });
    expect(await store.headPosition()).toBe(1n);
  });

  it('retries on a clash: 20 concurrent commands on one stream all succeed', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => handleCommand(store, 'hot', counter, increment(), context)));
    expect(new Set(results.map((result) => result.revision)).size).toBe(20);
    const loaded = await loadStream(store, 'hot', counter);
    expect(loaded).toMatchObject({ revision: 19, state: { value: 20 } });
  });

  it('rethrows the ConcurrencyError once retries are exhausted', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => handleCommand(store, 'hot', counter, increment(), context, { maxRetries: 0 })),
    );
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected.length).toBe(4);
    for (const outcome of rejected) expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
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
    expect((await handleCommand(store, 'new', counter, increment(), context, { expectedRevision: -1 })).revision).toBe(0);
    await expect(handleCommand(store, 'new', counter, increment(), context, { expectedRevision: -1 })).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
  });

  it('turns a clash at append time into WrongExpectedRevisionError when the revision was pinned', async () => {
    await handleCommand(store, 'counter-1', counter, increment(), context);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, () => handleCommand(store, 'counter-1', counter, increment(), context, { expectedRevision: 0 })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
    }
  });

  it('lets domain errors through untouched', async () => {
    const boom = new Error('invariant');
    const failing = { ...counter, decide: () => { throw boom; } };
    await expect(handleCommand(store, 'counter-1', failing, increment(), context)).rejects.toBe(boom);
  });

  it('upcasts older event versions on load', async () => {
    await store.appendToStream(
      'legacy',
      [{ eventId: 'e-1', type: 'Incremented', data: { amount: 7 }, schemaVersion: 0, metadata: { occurredAt: meta.now, ...context } }],
      { expectedRevision: 'no_stream' },
    );
    const upcasters = new UpcasterRegistry().register('Incremented', 0, (data) => ({ by: (data as { amount: number }).amount }));
    const loaded = await loadStream(store, 'legacy', counter, upcasters.upcast);
    expect(loaded.state.value).toBe(7);
  });
});
