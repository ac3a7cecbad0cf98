import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Decider, Event } from '@crm/domain';
import type { EventStore } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import { MAX_BATCH_COMMANDS } from './command-pipeline';
import { handleCommand, type CommandContext } from './handle-command';
import { StreamStateCache } from './stream-state-cache';
import { WrongExpectedRevisionError } from './wrong-expected-revision.error';

type Added = Event<'Added', { by: number }>;
/** `times` events of `by` each; `refuse` throws instead; none when times is 0. */
type Add = Command<'Add', { by: number; times?: number; refuse?: boolean }>;
type Tally = { total: number; seen: number[] };

class Refused extends Error {}

/** Pure test decider that records, in its state, every total it was decided on. */
const tally: Decider<Tally, Add, Added> = {
  initialState: () => ({ total: 0, seen: [] }),
  evolve: (state, event) => ({ ...state, total: state.total + event.data.by }),
  decide: (command, state) => {
    if (command.data.refuse) throw new Refused(`refused at ${state.total}`);
    return Array.from({ length: command.data.times ?? 1 }, () => ({ type: 'Added', data: { by: command.data.by } }));
  },
};
/** The same events under another decider object: commands of the two never share a batch. */
const otherTally: Decider<Tally, Add, Added> = { ...tally };

const meta = { now: '2024-06-01T00:00:00.000Z', actor: { userId: 'u-1', role: 'relationship_manager' as const } };
const add = (by: number, extra: Partial<Add['data']> = {}): Add => ({
  type: 'Add',
  data: { by, ...extra },
  metadata: meta,
});
const context: CommandContext = {
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: { userId: 'u-1', role: 'relationship_manager' },
};

/** The store with its appends replaced; everything else goes to the store itself. */
const withAppend = (store: EventStore, appendToStream: EventStore['appendToStream']): EventStore => ({
  appendToStream,
  readStream: (streamId, options) => store.readStream(streamId, options),
  readAll: (options) => store.readAll(options),
  headPosition: () => store.headPosition(),
  subscribeToAll: (options, handler) => store.subscribeToAll(options, handler),
  getCheckpoint: (name) => store.getCheckpoint(name),
  storeCheckpoint: (name, position) => store.storeCheckpoint(name, position),
  close: () => store.close(),
});

const ticks = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('CommandPipeline (through handleCommand)', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-pipeline-'));
    store = SqliteEventStore.open(join(dir, 'events.db'));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides a burst on one stream in call order and commits it in one append, answering each caller for itself', async () => {
    await handleCommand(store, 'hot', tally, add(1), context);
    const append = jest.spyOn(store, 'appendToStream');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => handleCommand(store, 'hot', tally, add(n + 2), context)),
    );
    expect(append).toHaveBeenCalledTimes(1);
    expect(append.mock.calls[0][1]).toHaveLength(12);
    expect(append.mock.calls[0][2]).toEqual({ expectedRevision: 0 });

    const stored = await store.readStream('hot');
    results.forEach((result, n) => {
      expect(result.revision).toBe(n + 1);
      expect(result.position).toBe(stored[n + 1].position);
      expect(result.events).toEqual([{ type: 'Added', data: { by: n + 2 } }]);
    });
    // Each command saw the ones before it: 1, then +2, +3, …
    expect(results.map((result) => result.state.total)).toEqual(results.map((_, n) => ((n + 2) * (n + 3)) / 2));
    expect(stored.map((event) => (event.data as { by: number }).by)).toEqual([...Array(13).keys()].map((n) => n + 1));
  });

  it('answers a command of several events at its last one, and one that decides nothing at the event before it', async () => {
    const [first, several, nothing, last] = await Promise.all([
      handleCommand(store, 'hot', tally, add(1), context),
      handleCommand(store, 'hot', tally, add(2, { times: 3 }), context),
      handleCommand(store, 'hot', tally, add(5, { times: 0 }), context),
      handleCommand(store, 'hot', tally, add(4), context),
    ]);
    const positions = (await store.readStream('hot')).map((event) => event.position);
    expect([first.revision, several.revision, nothing.revision, last.revision]).toEqual([0, 3, 3, 4]);
    expect([first.position, several.position, nothing.position, last.position]).toEqual([
      positions[0],
      positions[3],
      positions[3],
      positions[4],
    ]);
    expect(several.events).toHaveLength(3);
    expect(nothing).toMatchObject({ events: [], state: { total: 7 } });
  });

  it('fails a command whose decide throws alone: its events are not appended and the next is decided without them', async () => {
    const outcomes = await Promise.allSettled([
      handleCommand(store, 'hot', tally, add(1), context),
      handleCommand(store, 'hot', tally, add(100, { refuse: true }), context),
      handleCommand(store, 'hot', tally, add(2), context),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Refused('refused at 1'));
    expect((outcomes[2] as PromiseFulfilledResult<{ revision: number; state: Tally }>).value).toMatchObject({
      revision: 1,
      state: { total: 3 },
    });
    expect((await store.readStream('hot')).map((event) => (event.data as { by: number }).by)).toEqual([1, 2]);
  });

  it('checks each pinned command of a burst against the revision the stream has reached at its turn', async () => {
    await handleCommand(store, 'hot', tally, add(1), context);
    const outcomes = await Promise.allSettled([
      handleCommand(store, 'hot', tally, add(1), context, { expectedRevision: 0 }),
      handleCommand(store, 'hot', tally, add(1), context, { expectedRevision: 0 }),
      handleCommand(store, 'hot', tally, add(1), context, { expectedRevision: 1 }),
      handleCommand(store, 'hot', tally, add(1), context),
    ]);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.revision : 'rejected'))).toEqual([
      1,
      'rejected',
      2,
      3,
    ]);
    const stale = (outcomes[1] as PromiseRejectedResult).reason;
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect(stale).toMatchObject({ expected: 0, actual: 1 });
  });

  it('answers no caller before the batch’s append has returned', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = withAppend(store, async (...args) => {
      await gate;
      return store.appendToStream(...args);
    });
    const settled: number[] = [];
    const burst = [1, 2, 3].map((n) =>
      handleCommand(gated, 'hot', tally, add(n, n === 2 ? { refuse: true } : {}), context).then(
        () => settled.push(n),
        () => settled.push(n),
      ),
    );
    await ticks(5);
    expect(settled).toEqual([]);
    release();
    await Promise.all(burst);
    expect(settled.sort()).toEqual([1, 2, 3]);
  });

  it('when the append fails, fails every command that rested on the batch and keeps the outcome of those that saw only stored state', async () => {
    await handleCommand(store, 'hot', tally, add(1), context);
    const diskFull = new Error('disk full');
    const failing = withAppend(store, () => Promise.reject(diskFull));
    const outcomes = await Promise.allSettled([
      handleCommand(failing, 'hot', tally, add(1, { times: 0 }), context),
      handleCommand(failing, 'hot', tally, add(1, { refuse: true }), context),
      handleCommand(failing, 'hot', tally, add(1), context),
      handleCommand(failing, 'hot', tally, add(1, { refuse: true }), context),
      handleCommand(failing, 'hot', tally, add(1, { times: 0 }), context),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { revision: 0, events: [] } });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: new Refused('refused at 1') });
    for (const outcome of outcomes.slice(2)) expect(outcome).toMatchObject({ status: 'rejected', reason: diskFull });
    expect(await store.readStream('hot')).toHaveLength(1);
  });

  it('decides the whole batch again on the fresh state when another process wrote first', async () => {
    const other = SqliteEventStore.open(join(dir, 'events.db'));
    try {
      await handleCommand(store, 'hot', tally, add(1), context);
      let appends = 0;
      const racing = withAppend(store, async (...args) => {
        // Another process slips an event in after this batch was decided, before its append.
        if (appends++ === 0) await other.appendToStream('hot', [sampleEvent(1000)], { expectedRevision: 'any' });
        return store.appendToStream(...args);
      });
      const results = await Promise.all([2, 3].map((by) => handleCommand(racing, 'hot', tally, add(by), context)));
      expect(appends).toBe(2);
      expect(results.map((result) => [result.revision, result.state.total])).toEqual([
        [2, 1003],
        [3, 1006],
      ]);
    } finally {
      await other.close();
    }
  });

  it(`commits at most ${MAX_BATCH_COMMANDS} commands in one append`, async () => {
    const append = jest.spyOn(store, 'appendToStream');
    const count = 2 * MAX_BATCH_COMMANDS + 1;
    const results = await Promise.all(
      Array.from({ length: count }, () => handleCommand(store, 'hot', tally, add(1), context)),
    );
    expect(results.map((result) => result.revision)).toEqual([...Array(count).keys()]);
    expect(append.mock.calls.map((call) => call[1].length)).toEqual([MAX_BATCH_COMMANDS, MAX_BATCH_COMMANDS, 1]);
  });

  it('keeps commands of different deciders on one stream in separate batches, in call order', async () => {
    const append = jest.spyOn(store, 'appendToStream');
    const results = await Promise.all([
      handleCommand(store, 'hot', tally, add(1), context),
      handleCommand(store, 'hot', tally, add(2), context),
      handleCommand(store, 'hot', otherTally, add(3), context),
      handleCommand(store, 'hot', tally, add(4), context),
    ]);
    expect(results.map((result) => [result.revision, result.state.total])).toEqual([
      [0, 1],
      [1, 3],
      [2, 6],
      [3, 10],
    ]);
    expect(append.mock.calls.map((call) => call[1].length)).toEqual([2, 1, 1]);
  });

  it('leaves the batch’s end in the state cache, so the next command reads nothing but newer events', async () => {
    const cache = new StreamStateCache<Tally>();
    await Promise.all([1, 2, 3].map((by) => handleCommand(store, 'hot', tally, add(by), context, { cache })));
    expect(cache.get('hot')).toMatchObject({ revision: 2, state: { total: 6 } });
    const read = jest.spyOn(store, 'readStream');
    expect(await handleCommand(store, 'hot', tally, add(4), context, { cache })).toMatchObject({ revision: 3 });
    expect(read).toHaveBeenCalledWith('hot', { fromRevision: 3 });
  });
});

const sampleEvent = (by: number) => ({
  eventId: `foreign-${by}`,
  type: 'Added',
  data: { by },
  schemaVersion: 1,
  metadata: { occurredAt: meta.now, ...context },
});
