import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract, eventually, sampleNewEvent } from '@crm/testing';
import { ConcurrencyError, type RecordedEvent } from '../event-store.port';
import { SqliteEventStore } from './sqlite.event-store';

const tempDir = () => mkdtempSync(join(tmpdir(), 'crm-sqlite-'));

eventStoreContract('sqlite', async () => {
  const dir = tempDir();
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  return {
    store,
    teardown: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteEventStore', () => {
  let dir: string;
  const opened: SqliteEventStore[] = [];
  const open = (options?: Parameters<typeof SqliteEventStore.open>[1]) => {
    const store = SqliteEventStore.open(join(dir, 'events.db'), options);
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits concurrent appends together; a failing one rejects only itself', async () => {
    const store = open();
    await store.appendToStream('clash', [sampleNewEvent()], { expectedRevision: 'no_stream' });
    const appends = Array.from({ length: 200 }, (_, i) =>
      i === 100
        ? store.appendToStream('clash', [sampleNewEvent()], { expectedRevision: 5 })
        : store.appendToStream(`s-${i}`, [sampleNewEvent(), sampleNewEvent()], { expectedRevision: 'no_stream' }),
    );
    const outcomes = await Promise.allSettled(appends);
    outcomes.forEach((outcome, i) => {
      if (i === 100) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      } else {
        expect(outcome.status).toBe('fulfilled');
      }
    });
    const all = await store.readAll();
    expect(all).toHaveLength(1 + 199 * 2);
    // One group, one commit: every event of the group carries the same commit time.
    expect(new Set(all.slice(1).map((event) => event.recordedAt)).size).toBe(1);
  });

  it('splits a large burst into groups of at most maxGroupSize', async () => {
    const store = open({ maxGroupSize: 16 });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.appendToStream(`g-${i}`, [sampleNewEvent()], { expectedRevision: 'no_stream' }),
      ),
    );
    expect(results.map((result) => result.position)).toEqual(results.map((_, i) => BigInt(i + 1)));
  });

  it('flushes pending appends on close, and everything is there after reopening', async () => {
    const first = SqliteEventStore.open(join(dir, 'events.db'));
    const pending = Array.from({ length: 10 }, (_, i) =>
      first.appendToStream(`r-${i}`, [sampleNewEvent('Kept', { i })], { expectedRevision: 'no_stream' }),
    );
    await first.storeCheckpoint('relay', 3n);
    await first.close();
    await Promise.all(pending);

    const reopened = open();
    const all = await reopened.readAll();
    expect(all.map((event) => (event.data as { i: number }).i)).toEqual([...Array(10).keys()]);
    expect(await reopened.getCheckpoint('relay')).toBe(3n);
    expect(await reopened.headPosition()).toBe(10n);
  });

  it('rejects appends after close', async () => {
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    await store.close();
    await expect(store.appendToStream('x', [sampleNewEvent()], { expectedRevision: 'any' })).rejects.toThrow('closed');
  });

  it('records the schema version it migrated to, and reopening does not migrate again', async () => {
    open();
    open();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir, 'events.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(
        db.prepare('SELECT COUNT(*) FROM sqlite_master WHERE name IN (?, ?)').pluck().get('events', 'checkpoints'),
      ).toBe(2);
    } finally {
      db.close();
    }
  });

  it('keeps positions exact beyond 2^53', async () => {
    const store = open();
    await store.appendToStream('a', [sampleNewEvent()], { expectedRevision: 'no_stream' });
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir, 'events.db'));
    db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'").run(9_007_199_254_740_993n);
    db.close();
    const { position } = await store.appendToStream('a', [sampleNewEvent()], { expectedRevision: 0 });
    expect(position).toBe(9_007_199_254_740_994n);
    expect((await store.readStream('a'))[1].position).toBe(9_007_199_254_740_994n);
    expect(await store.headPosition()).toBe(9_007_199_254_740_994n);
  });

  it('works in memory', async () => {
    const store = SqliteEventStore.open(':memory:');
    opened.push(store);
    await store.appendToStream('m', [sampleNewEvent()], { expectedRevision: 'no_stream' });
    expect(await store.readStream('m')).toHaveLength(1);
  });

  it("lets a subscription see another store instance's writes on the same file by polling", async () => {
    const writer = open();
    const reader = open({ pollIntervalMs: 50 });
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({ after: 0n }, async (batch) => {
      received.push(...batch);
    });
    await subscription.caughtUp;
    await writer.appendToStream('elsewhere', [sampleNewEvent(), sampleNewEvent()], { expectedRevision: 'no_stream' });
    await eventually(() => received.length === 2, 2000);
    expect(received.map((event) => event.revision)).toEqual([0, 1]);
    await subscription.stop();
  });

  it('serialises writers in two store instances on the same file', async () => {
    const a = open();
    const b = open();
    await a.appendToStream('shared', [sampleNewEvent()], { expectedRevision: 'no_stream' });
    await expect(
      b.appendToStream('shared', [sampleNewEvent()], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await b.appendToStream('shared', [sampleNewEvent()], { expectedRevision: 0 });
    expect(await a.readStream('shared')).toHaveLength(2);
  });

  // A read past the revision the store last saw is answered from memory (see KnownStreamHeads);
  // each of these would return nothing if that memory outlived what it may assume.
  describe('reading past the last revision it saw', () => {
    it("still finds another store instance's later append to a stream it read to the end", async () => {
      const a = open();
      const b = open();
      await a.appendToStream('seen', [sampleNewEvent()], { expectedRevision: 'no_stream' });
      expect(await a.readStream('seen', { fromRevision: 1 })).toEqual([]);
      await b.appendToStream('seen', [sampleNewEvent()], { expectedRevision: 0 });
      expect((await a.readStream('seen', { fromRevision: 1 })).map((event) => event.revision)).toEqual([1]);
      await b.appendToStream('never-read', [sampleNewEvent()], { expectedRevision: 'no_stream' });
      expect(await a.readStream('never-read')).toHaveLength(1);
    });

    it('still finds the later events of a stream after an exact retry of an earlier append', async () => {
      const store = open();
      const first = sampleNewEvent();
      await store.appendToStream('retried', [first], { expectedRevision: 'no_stream' });
      await store.appendToStream('retried', [sampleNewEvent(), sampleNewEvent()], { expectedRevision: 0 });
      expect(await store.appendToStream('retried', [first], { expectedRevision: 'any' })).toMatchObject({
        revision: 0,
      });
      expect((await store.readStream('retried', { fromRevision: 1 })).map((event) => event.revision)).toEqual([1, 2]);
    });

    it('learns nothing about the head from a read cut short by maxCount', async () => {
      const store = open();
      await store.appendToStream('long', [sampleNewEvent(), sampleNewEvent(), sampleNewEvent()], {
        expectedRevision: 'no_stream',
      });
      const reopened = open();
      expect(await reopened.readStream('long', { maxCount: 1 })).toHaveLength(1);
      expect((await reopened.readStream('long', { fromRevision: 1 })).map((event) => event.revision)).toEqual([1, 2]);
    });

    it("answers from its own appends: a read after this store's append finds nothing newer", async () => {
      const store = open();
      const other = open();
      await other.appendToStream('mine', [sampleNewEvent()], { expectedRevision: 'no_stream' });
      const { revision } = await store.appendToStream('mine', [sampleNewEvent()], { expectedRevision: 0 });
      expect(revision).toBe(1);
      expect(await store.readStream('mine', { fromRevision: 2 })).toEqual([]);
      expect((await store.readStream('mine', { fromRevision: 1 })).map((event) => event.revision)).toEqual([1]);
    });
  });
});
