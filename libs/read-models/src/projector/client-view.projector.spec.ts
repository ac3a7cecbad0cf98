import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@crm/event-store';
import type { RecordedEvent } from '@crm/event-store';
import { clientViewAsOf } from '../client-view/client-view-as-of';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { appendClientEventMix, generateClientEventMix } from '@crm/testing';
import { CLIENT_VIEW_PROJECTION, ClientViewProjector } from './client-view.projector';
import { ProjectionRunner } from './projection-runner';

/**
 * Crash safety of the client-view projector against the real SQLite event store and a real
 * read-model file: however the projector is interrupted, restarting from the stored checkpoint
 * must end exactly where a rebuild from scratch ends.
 */
type Dump = Readonly<{ views: unknown[]; timeline: unknown[]; managers: unknown[]; checkpoint: unknown }>;

const dump = (file: string): Dump => {
  const db = new Database(file, { readonly: true });
  try {
    return {
      views: db.prepare('SELECT * FROM client_view ORDER BY client_id').all(),
      timeline: db.prepare('SELECT * FROM client_timeline ORDER BY client_id, revision').all(),
      managers: db.prepare('SELECT * FROM managers ORDER BY manager_id').all(),
      checkpoint: db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').get(CLIENT_VIEW_PROJECTION),
    };
  } finally {
    db.close();
  }
};

/** Counts committed batches and lets a test act after the k-th one. */
class ObservedProjector extends ClientViewProjector {
  batches = 0;
  readonly froms: bigint[] = [];
  readonly sizes: number[] = [];
  afterBatch: ((count: number) => void) | null = null;

  override async projectBatch(from: bigint, events: readonly RecordedEvent[]): Promise<bigint> {
    this.froms.push(from);
    this.sizes.push(events.length);
    const to = await super.projectBatch(from, events);
    this.batches += 1;
    this.afterBatch?.(this.batches);
    return to;
  }
}

const CLIENTS = 150;
const MANAGERS = 12;
const EVENTS = 9000;
const BATCH = 400;

describe('ClientViewProjector (SQLite, crash and restart)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let head: bigint;
  let clientEventCount: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-projector-'));
    events = SqliteEventStore.open(join(dir, 'events.sqlite'), { synchronous: 'NORMAL', pollIntervalMs: 20 });
    const mix = generateClientEventMix({ clients: CLIENTS, managers: MANAGERS, events: EVENTS, seed: 7 });
    await appendClientEventMix(events, mix);
    head = await events.headPosition();
    clientEventCount = mix.filter((m) => m.streamId.startsWith('client-')).length;
  });

  afterAll(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fresh = async (file: string): Promise<Dump> => {
    const store = SqliteReadModelStore.open(file);
    const runner = new ProjectionRunner(events, store, new ClientViewProjector(store), { batchSize: 5000 });
    await runner.start();
    await runner.caughtUp();
    expect(runner.checkpoint()).toBe(head);
    await runner.stop();
    await store.close();
    return dump(file);
  };

  it('projects every client and manager stream, one timeline row per client event', async () => {
    const result = await fresh(join(dir, 'fresh-1.sqlite'));
    expect(result.views).toHaveLength(CLIENTS);
    expect(result.managers).toHaveLength(MANAGERS);
    expect(result.timeline).toHaveLength(clientEventCount);
    expect(result.checkpoint).toEqual({ position: Number(head) });
  });

  it('ends where a rebuild from scratch ends after a stop mid-stream, a failed batch and a restart', async () => {
    const file = join(dir, 'crashed.sqlite');

    // 1. Run a few batches, then stop as if the process were killed between batches.
    let store = SqliteReadModelStore.open(file);
    let projector = new ObservedProjector(store);
    let runner = new ProjectionRunner(events, store, projector, { batchSize: BATCH, catchUpBatchSize: BATCH, retryDelayMs: 10 });
    const thirdBatch = new Promise<void>((resolve) => {
      projector.afterBatch = (count) => count === 3 && resolve();
    });
    await runner.start();
    await thirdBatch;
    await runner.stop();
    await store.close();
    const stoppedAt = dump(file).checkpoint as { position: number };
    expect(stoppedAt.position).toBeGreaterThan(0);
    expect(BigInt(stoppedAt.position)).toBeLessThan(head);

    // 2. Restart from the stored checkpoint; one batch fails half-way through its transaction
    //    (after the views were written, while inserting timeline rows) and must leave no trace.
    store = SqliteReadModelStore.open(file);
    projector = new ObservedProjector(store);
    const insertTimeline = store.clientViews.insertTimeline.bind(store.clientViews);
    let failures = 0;
    let checkpointBeforeFailure: bigint | null = null;
    store.clientViews.insertTimeline = (entries) => {
      if (projector.batches === 2 && failures === 0) {
        failures += 1;
        checkpointBeforeFailure = runner.checkpoint();
        insertTimeline(entries.slice(0, Math.floor(entries.length / 2)));
        throw new Error('simulated crash inside the batch transaction');
      }
      insertTimeline(entries);
    };
    const failedOnce = new Promise<void>((resolve) => {
      projector.afterBatch = () => failures > 0 && resolve();
    });
    runner = new ProjectionRunner(events, store, projector, { batchSize: BATCH, catchUpBatchSize: BATCH, retryDelayMs: 10 });
    await runner.start();
    await failedOnce;
    expect(failures).toBe(1);
    expect(runner.status().lastError).toMatch(/simulated crash/);
    // The failed batch left the stored checkpoint where it was, and the retry started from it.
    expect(checkpointBeforeFailure).not.toBeNull();
    const failedFrom = projector.froms[2];
    expect(failedFrom).toBe(checkpointBeforeFailure);
    expect(projector.froms[3]).toBe(failedFrom);
    await runner.caughtUp();
    expect(runner.checkpoint()).toBe(head);
    await runner.stop();
    await store.close();

    const crashed = dump(file);
    const rebuilt = await fresh(join(dir, 'fresh-2.sqlite'));
    expect(crashed.timeline).toHaveLength(clientEventCount);
    expect(crashed).toEqual(rebuilt);
  });

  it('skips redelivered events and never moves the checkpoint backwards', async () => {
    const file = join(dir, 'redelivered.sqlite');
    const store = SqliteReadModelStore.open(file);
    const projector = new ClientViewProjector(store);
    const all = await events.readAll({ maxCount: 2000 });
    const checkpoint = await projector.projectBatch(0n, all.slice(0, 1500));
    // The subscription redelivers an overlapping window (e.g. after a restart with a stale position).
    const next = await projector.projectBatch(checkpoint, all.slice(1000, 2000));
    expect(next).toBe(all[1999].position);
    expect(await projector.projectBatch(next, all.slice(0, 500))).toBe(next);
    await store.close();

    const once = SqliteReadModelStore.open(join(dir, 'once.sqlite'));
    await new ClientViewProjector(once).projectBatch(0n, all);
    await once.close();
    expect(dump(file)).toEqual(dump(join(dir, 'once.sqlite')));
  });

  it('refuses a batch when another instance moved the checkpoint', async () => {
    const store = SqliteReadModelStore.open(join(dir, 'two-writers.sqlite'));
    const all = await events.readAll({ maxCount: 20 });
    await new ClientViewProjector(store).projectBatch(0n, all.slice(0, 10));
    await expect(new ClientViewProjector(store).projectBatch(0n, all.slice(0, 20))).rejects.toThrow(/checkpoint expected/);
    await store.close();
  });

  it('rebuild() replays from 0 to the same read models', async () => {
    const file = join(dir, 'rebuild.sqlite');
    const store = SqliteReadModelStore.open(file);
    const runner = new ProjectionRunner(events, store, new ClientViewProjector(store), { batchSize: 3000 });
    await runner.start();
    await runner.caughtUp();
    const before = dump(file);
    await runner.rebuild();
    await runner.caughtUp();
    expect(runner.checkpoint()).toBe(head);
    await runner.stop();
    await store.close();
    expect(dump(file)).toEqual(before);
  });
});

describe('ProjectionRunner batch sizes', () => {
  let dir: string;
  let events: SqliteEventStore;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-projector-sizes-'));
    events = SqliteEventStore.open(join(dir, 'events.sqlite'), { synchronous: 'NORMAL', pollIntervalMs: 20 });
  });

  afterAll(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up in catch-up-sized transactions, then commits a live burst in live-sized parts', async () => {
    const mix = generateClientEventMix({ clients: 40, managers: 4, events: 2600, seed: 11 });
    await appendClientEventMix(events, mix.slice(0, 2000));
    const store = SqliteReadModelStore.open(join(dir, 'read-models.sqlite'));
    const projector = new ObservedProjector(store);
    const runner = new ProjectionRunner(events, store, projector, { batchSize: 150, catchUpBatchSize: 1500 });
    await runner.start();
    await runner.caughtUp();
    expect(projector.sizes).toEqual([1500, 500]);

    // One group commit, so the subscription reads the whole burst at once.
    await appendClientEventMix(events, mix.slice(2000), 600);
    const head = await events.headPosition();
    await expect(runner.waitForPosition(head, 5000)).resolves.toBe(true);
    const live = projector.sizes.slice(2);
    expect(live.reduce((sum, size) => sum + size, 0)).toBe(600);
    expect(Math.max(...live)).toBeLessThanOrEqual(150);
    await runner.stop();
    await store.close();

    const rebuilt = SqliteReadModelStore.open(join(dir, 'rebuilt.sqlite'));
    await new ClientViewProjector(rebuilt).projectBatch(0n, await events.readAll());
    await rebuilt.close();
    expect(dump(join(dir, 'read-models.sqlite'))).toEqual(dump(join(dir, 'rebuilt.sqlite')));
  });
});

describe('ProjectionRunner live (read-your-writes) and asOf', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteReadModelStore;
  let runner: ProjectionRunner;
  const clientId = '0190a4c2-0000-7000-8000-0000000000aa';
  const stream = `client-${clientId}`;
  let seq = 0;
  const append = (type: string, data: object) => {
    seq += 1;
    return events.appendToStream(
      stream,
      [{
        eventId: `0190a4c2-0000-7000-9000-${String(seq).padStart(12, '0')}`,
        type,
        data,
        metadata: { occurredAt: new Date().toISOString(), correlationId: 'c', causationId: 'c', actor: { userId: 'u-1', role: 'relationship_manager' } },
        schemaVersion: 1,
      }],
      { expectedRevision: 'any' },
    );
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-projector-live-'));
    events = SqliteEventStore.open(join(dir, 'events.sqlite'), { synchronous: 'NORMAL', pollIntervalMs: 20 });
    store = SqliteReadModelStore.open(join(dir, 'read-models.sqlite'));
    runner = new ProjectionRunner(events, store, new ClientViewProjector(store));
    await runner.start();
  });

  afterAll(async () => {
    await runner.stop();
    await store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits until a write is projected, and times out on a position never reached', async () => {
    await events.appendToStream('manager-m-1', [{
      eventId: '0190a4c2-0000-7000-a000-000000000001', type: 'ManagerRegistered',
      data: { managerId: 'm-1', name: 'Li Wei', branchId: 'b-1', level: 'associate' },
      metadata: { occurredAt: new Date().toISOString(), correlationId: 'c', causationId: 'c', actor: { userId: 'u-1', role: 'admin' } },
      schemaVersion: 1,
    }], { expectedRevision: 'any' });
    const written = await append('ProspectRegistered', {
      clientId, branchId: 'b-1', segment: 'sme', industry: 'retail', legalName: 'n', registrationNo: 'r', contact: {}, source: 'referral',
    });
    const assigned = await append('ManagerAssigned', { managerId: 'm-1', managerLevel: 'associate', reason: 'coverage' });
    expect(written.position).toBeLessThan(assigned.position);
    await expect(runner.waitForPosition(assigned.position, 5000)).resolves.toBe(true);
    const view = await store.clientViews.getClientView(clientId);
    expect(view?.manager).toEqual({ id: 'm-1', name: 'Li Wei', level: 'associate' });
    await expect(runner.waitForPosition(assigned.position + 1000n, 50)).resolves.toBe(false);
  });

  it('refreshes the manager level from ManagerLevelChanged at query time', async () => {
    const changed = await events.appendToStream('manager-m-1', [{
      eventId: '0190a4c2-0000-7000-a000-000000000002', type: 'ManagerLevelChanged',
      data: { from: 'associate', to: 'senior', reason: 'promotion' },
      metadata: { occurredAt: new Date().toISOString(), correlationId: 'c', causationId: 'c', actor: { userId: 'u-1', role: 'admin' } },
      schemaVersion: 1,
    }], { expectedRevision: 'any' });
    await runner.waitForPosition(changed.position);
    expect((await store.clientViews.getClientView(clientId))?.manager?.level).toBe('senior');
  });

  it('asOf returns the older rating after a downgrade', async () => {
    await append('CreditRatingChanged', { from: null, to: 'A', notches: 0, reason: 'initial' });
    await new Promise((resolve) => setTimeout(resolve, 15));
    const beforeDowngrade = new Date();
    await new Promise((resolve) => setTimeout(resolve, 15));
    const downgraded = await append('CreditRatingChanged', { from: 'A', to: 'BB', notches: 2, reason: 'losses' });
    await runner.waitForPosition(downgraded.position);

    const stream = await events.readStream(`client-${clientId}`);
    expect(clientViewAsOf(stream, beforeDowngrade)?.credit.rating).toBe('A');
    expect(clientViewAsOf(stream, new Date())?.credit.rating).toBe('BB');
    // The projected view and the fold of the whole stream are the same document.
    const projected = await store.clientViews.loadViews([clientId]);
    expect(clientViewAsOf(stream, new Date())).toEqual(projected.get(clientId));
  });

  it('pages the timeline newest first with a cursor', async () => {
    const first = await store.clientViews.getTimeline(clientId, { limit: 2 });
    expect(first.entries.map((e) => e.revision)).toEqual([3, 2]);
    expect(first.entries.map((e) => e.type)).toEqual(['CreditRatingChanged', 'CreditRatingChanged']);
    expect(first.nextCursor).toBe('2');
    const second = await store.clientViews.getTimeline(clientId, { before: first.nextCursor ?? undefined, limit: 10 });
    expect(second.entries.map((e) => e.revision)).toEqual([1, 0]);
    expect(second.nextCursor).toBeNull();
  });
});
