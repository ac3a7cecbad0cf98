import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent, type RecordedEvent } from '@crm/event-store';
import {
  CheckpointMovedError,
  CLIENT_READ_MODELS_PROJECTION,
  ClientReadModelsProjector,
  ClientViewQueries,
  clientViewAsOf,
  ProjectionRunner,
  type SqlReadModelStore,
  type SqlReadModelStoreOptions,
} from '@crm/read-models';
import { appendClientEventMix, generateClientEventMix } from './client-event-mix';

/** Every row of the live generation's tables in key order, as the engine returns them. */
export type ReadModelDump = Readonly<{
  views: unknown[];
  timeline: unknown[];
  managers: unknown[];
  checkpoints: unknown[];
}>;

/** One read-model database (a file, a schema). */
export type ReadModelDatabase = Readonly<{
  /** A store on this database; several may be open at once, like projector and API processes. */
  open(options?: SqlReadModelStoreOptions): Promise<SqlReadModelStore>;
  dump(): Promise<ReadModelDump>;
  /** Names of the tables in it, sorted. */
  tables(): Promise<string[]>;
}>;

export type ReadModelStoreFactory = Readonly<{
  /**
   * Whether two stores in this process can race for one database. Not on SQLite: better-sqlite3
   * waits for a lock synchronously, so the holder, on the same thread, could never release it.
   */
  concurrentWriters: boolean;
  /** A new, empty read-model database. */
  create(): Promise<ReadModelDatabase>;
  /** Removes every database `create` made. */
  dispose(): Promise<void>;
}>;

/** Counts committed batches and lets a test act after the k-th one. */
class ObservedProjector extends ClientReadModelsProjector {
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

/** A durable-enough SQLite event store in a temp directory: the read-model side is under test. */
const openEventStore = (prefix: string): { events: SqliteEventStore; remove: () => Promise<void> } => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const events = SqliteEventStore.open(join(dir, 'events.sqlite'), { synchronous: 'NORMAL', pollIntervalMs: 20 });
  return {
    events,
    remove: async () => {
      await events.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const CLIENTS = 150;
const MANAGERS = 12;
const EVENTS = 9000;
const BATCH = 400;

/**
 * The behaviour every read-model store must show under the client read models' projector, against the
 * real SQLite event store: however the projector is interrupted, restarting from the stored
 * checkpoint ends exactly where a rebuild from scratch ends; a second writer is refused; queries
 * in another process can wait for a position.
 */
export function readModelStoreContract(name: string, factory: ReadModelStoreFactory): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    afterAll(() => factory.dispose());

    describe('client read models projector, crash and restart', () => {
      let log: ReturnType<typeof openEventStore>;
      let head: bigint;
      let clientEventCount: number;

      beforeAll(async () => {
        log = openEventStore('crm-projector-');
        const mix = generateClientEventMix({ clients: CLIENTS, managers: MANAGERS, events: EVENTS, seed: 7 });
        await appendClientEventMix(log.events, mix);
        head = await log.events.headPosition();
        clientEventCount = mix.filter((m) => m.streamId.startsWith('client-')).length;
      });

      afterAll(() => log.remove());

      const fresh = async (): Promise<ReadModelDump> => {
        const db = await factory.create();
        const store = await db.open();
        const runner = new ProjectionRunner(log.events, store, new ClientReadModelsProjector(store), {
          batchSize: 5000,
        });
        await runner.start();
        await runner.caughtUp();
        expect(runner.checkpoint()).toBe(head);
        await runner.stop();
        expect(await store.checkpoint(CLIENT_READ_MODELS_PROJECTION)).toBe(head);
        await store.close();
        return db.dump();
      };

      it('projects every client and manager stream, one timeline row per client event', async () => {
        const result = await fresh();
        expect(result.views).toHaveLength(CLIENTS);
        expect(result.managers).toHaveLength(MANAGERS);
        expect(result.timeline).toHaveLength(clientEventCount);
        expect(result.checkpoints).toHaveLength(1);
      });

      it('ends where a rebuild from scratch ends after a stop mid-stream, a failed batch and a restart', async () => {
        const db = await factory.create();

        // 1. Run a few batches, then stop as if the process were killed between batches.
        let store = await db.open();
        let projector = new ObservedProjector(store);
        let runner = new ProjectionRunner(log.events, store, projector, {
          batchSize: BATCH,
          catchUpBatchSize: BATCH,
          retryDelayMs: 10,
        });
        const thirdBatch = new Promise<void>((resolve) => {
          projector.afterBatch = (count) => count === 3 && resolve();
        });
        await runner.start();
        await thirdBatch;
        await runner.stop();
        const stoppedAt = await store.checkpoint(CLIENT_READ_MODELS_PROJECTION);
        await store.close();
        expect(stoppedAt).toBeGreaterThan(0n);
        expect(stoppedAt).toBeLessThan(head);

        // 2. Restart from the stored checkpoint; one batch fails half-way through its transaction
        //    (after the views were written, while inserting timeline rows) and must leave no trace.
        store = await db.open();
        projector = new ObservedProjector(store);
        const insertTimeline = store.clientViews.insertTimeline.bind(store.clientViews);
        let failures = 0;
        let checkpointBeforeFailure: bigint | null = null;
        store.clientViews.insertTimeline = async (tx, entries) => {
          if (projector.batches === 2 && failures === 0) {
            failures += 1;
            checkpointBeforeFailure = runner.checkpoint();
            await insertTimeline(tx, entries.slice(0, Math.floor(entries.length / 2)));
            throw new Error('simulated crash inside the batch transaction');
          }
          await insertTimeline(tx, entries);
        };
        const failedOnce = new Promise<void>((resolve) => {
          projector.afterBatch = () => failures > 0 && resolve();
        });
        runner = new ProjectionRunner(log.events, store, projector, {
          batchSize: BATCH,
          catchUpBatchSize: BATCH,
          retryDelayMs: 10,
        });
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

        const crashed = await db.dump();
        expect(crashed.timeline).toHaveLength(clientEventCount);
        expect(crashed).toEqual(await fresh());
      });

      it('skips redelivered events and never moves the checkpoint backwards', async () => {
        const db = await factory.create();
        const store = await db.open();
        const projector = new ClientReadModelsProjector(store);
        const all = await log.events.readAll({ maxCount: 2000 });
        const checkpoint = await projector.projectBatch(0n, all.slice(0, 1500));
        // The subscription redelivers an overlapping window (e.g. after a restart with a stale position).
        const next = await projector.projectBatch(checkpoint, all.slice(1000, 2000));
        expect(next).toBe(all[1999].position);
        expect(await projector.projectBatch(next, all.slice(0, 500))).toBe(next);
        await store.close();

        const onceDb = await factory.create();
        const once = await onceDb.open();
        await new ClientReadModelsProjector(once).projectBatch(0n, all);
        await once.close();
        expect(await db.dump()).toEqual(await onceDb.dump());
      });

      it('refuses a batch when another instance moved the checkpoint', async () => {
        const db = await factory.create();
        const [store, other] = [await db.open(), await db.open()];
        const all = await log.events.readAll({ maxCount: 20 });
        await new ClientReadModelsProjector(store).projectBatch(0n, all.slice(0, 10));
        const before = await db.dump();
        await expect(new ClientReadModelsProjector(other).projectBatch(0n, all.slice(0, 20))).rejects.toThrow(
          CheckpointMovedError,
        );
        await expect(
          new ClientReadModelsProjector(other).projectBatch(all[4].position, all.slice(5, 20)),
        ).rejects.toThrow(`checkpoint expected at ${all[4].position}, found ${all[9].position}`);
        expect(await db.dump()).toEqual(before);
        await Promise.all([store.close(), other.close()]);
      });

      (factory.concurrentWriters ? it : it.skip)(
        'lets exactly one of two processes apply the same batch at the same time',
        async () => {
          const db = await factory.create();
          const [first, second] = [await db.open(), await db.open()];
          const all = await log.events.readAll({ maxCount: 3000 });
          const outcomes = await Promise.allSettled([
            new ClientReadModelsProjector(first).projectBatch(0n, all),
            new ClientReadModelsProjector(second).projectBatch(0n, all),
          ]);
          expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
          const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(refused?.reason).toBeInstanceOf(CheckpointMovedError);
          expect(await first.checkpoint(CLIENT_READ_MODELS_PROJECTION)).toBe(all[all.length - 1].position);
          await Promise.all([first.close(), second.close()]);

          const onceDb = await factory.create();
          const once = await onceDb.open();
          await new ClientReadModelsProjector(once).projectBatch(0n, all);
          await once.close();
          expect(await db.dump()).toEqual(await onceDb.dump());
        },
      );

      it('rebuild() replays from 0 to the same read models', async () => {
        const db = await factory.create();
        const store = await db.open();
        const runner = new ProjectionRunner(log.events, store, new ClientReadModelsProjector(store), {
          batchSize: 3000,
        });
        await runner.start();
        await runner.caughtUp();
        const before = await db.dump();
        await runner.rebuild();
        await runner.caughtUp();
        expect(runner.checkpoint()).toBe(head);
        await runner.stop();
        await store.close();
        expect(await db.dump()).toEqual(before);
      });

      it('lets queries in another process wait for a position by polling the stored checkpoint', async () => {
        const db = await factory.create();
        const [projectorSide, apiSide] = [await db.open(), await db.open()];
        const queries = new ClientViewQueries(apiSide, CLIENT_READ_MODELS_PROJECTION, null);
        const all = await log.events.readAll({ maxCount: 500 });
        const last = all[all.length - 1].position;
        const waiting = queries.waitForPosition(last, 5000);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await new ClientReadModelsProjector(projectorSide).projectBatch(0n, all);
        await expect(waiting).resolves.toBe(true);
        await expect(queries.waitForPosition(last + 1n, 60)).resolves.toBe(false);
        const clientStream = all.find((e) => e.streamId.startsWith('client-'))?.streamId ?? '';
        expect(await queries.getClientView(clientStream.slice('client-'.length))).not.toBeNull();
        await Promise.all([projectorSide.close(), apiSide.close()]);
      });
    });

    describe('ProjectionRunner batch sizes', () => {
      let log: ReturnType<typeof openEventStore>;

      beforeAll(() => {
        log = openEventStore('crm-projector-sizes-');
      });

      afterAll(() => log.remove());

      it('catches up in catch-up-sized transactions, then commits a live burst in live-sized parts', async () => {
        const mix = generateClientEventMix({ clients: 40, managers: 4, events: 2600, seed: 11 });
        await appendClientEventMix(log.events, mix.slice(0, 2000));
        const db = await factory.create();
        const store = await db.open();
        const projector = new ObservedProjector(store);
        const runner = new ProjectionRunner(log.events, store, projector, { batchSize: 150, catchUpBatchSize: 1500 });
        await runner.start();
        await runner.caughtUp();
        expect(projector.sizes).toEqual([1500, 500]);

        // One group commit, so the subscription reads the whole burst at once.
        await appendClientEventMix(log.events, mix.slice(2000), 600);
        const head = await log.events.headPosition();
        await expect(runner.waitForPosition(head, 5000)).resolves.toBe(true);
        const live = projector.sizes.slice(2);
        expect(live.reduce((sum, size) => sum + size, 0)).toBe(600);
        expect(Math.max(...live)).toBeLessThanOrEqual(150);
        await runner.stop();
        await store.close();

        const rebuiltDb = await factory.create();
        const rebuilt = await rebuiltDb.open();
        await new ClientReadModelsProjector(rebuilt).projectBatch(0n, await log.events.readAll());
        await rebuilt.close();
        expect(await db.dump()).toEqual(await rebuiltDb.dump());
      });
    });

    describe('ProjectionRunner live (read-your-writes) and asOf', () => {
      let log: ReturnType<typeof openEventStore>;
      let store: SqlReadModelStore;
      let runner: ProjectionRunner;
      const clientId = '0190a4c2-0000-7000-8000-0000000000aa';
      const stream = `client-${clientId}`;
      let seq = 0;
      const metadata = (role: string): NewEvent['metadata'] => ({
        occurredAt: new Date().toISOString(),
        correlationId: 'c',
        causationId: 'c',
        actor: { userId: 'u-1', role },
      });
      const append = (type: string, data: object) => {
        seq += 1;
        const eventId = `0190a4c2-0000-7000-9000-${String(seq).padStart(12, '0')}`;
        return log.events.appendToStream(
          stream,
          [{ eventId, type, data, metadata: metadata('relationship_manager'), schemaVersion: 1 }],
          {
            expectedRevision: 'any',
          },
        );
      };
      const appendManager = (eventId: string, type: string, data: object) =>
        log.events.appendToStream(
          'manager-m-1',
          [{ eventId, type, data, metadata: metadata('admin'), schemaVersion: 1 }],
          {
            expectedRevision: 'any',
          },
        );

      beforeAll(async () => {
        log = openEventStore('crm-projector-live-');
        store = await (await factory.create()).open();
        runner = new ProjectionRunner(log.events, store, new ClientReadModelsProjector(store));
        await runner.start();
      });

      afterAll(async () => {
        await runner.stop();
        await store.close();
        await log.remove();
      });

      it('waits until a write is projected, and times out on a position never reached', async () => {
        await appendManager('0190a4c2-0000-7000-a000-000000000001', 'ManagerRegistered', {
          managerId: 'm-1',
          name: 'Li Wei',
          branchId: 'b-1',
          level: 'associate',
        });
        const written = await append('ProspectRegistered', {
          clientId,
          branchId: 'b-1',
          segment: 'sme',
          industry: 'retail',
          legalName: 'n',
          registrationNo: 'r',
          contact: {},
          source: 'referral',
        });
        const assigned = await append('ManagerAssigned', {
          managerId: 'm-1',
          managerLevel: 'associate',
          reason: 'coverage',
        });
        expect(written.position).toBeLessThan(assigned.position);
        await expect(runner.waitForPosition(assigned.position, 5000)).resolves.toBe(true);
        const view = await store.clientViews.getClientView(clientId);
        expect(view?.manager).toEqual({ id: 'm-1', name: 'Li Wei', level: 'associate' });
        expect(await store.managers.getManager('m-1')).toMatchObject({
          name: 'Li Wei',
          level: 'associate',
          revision: 0,
        });
        await expect(runner.waitForPosition(assigned.position + 1000n, 50)).resolves.toBe(false);
      });

      it('refreshes the manager level from ManagerLevelChanged at query time', async () => {
        const changed = await appendManager('0190a4c2-0000-7000-a000-000000000002', 'ManagerLevelChanged', {
          from: 'associate',
          to: 'senior',
          reason: 'promotion',
        });
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

        const events = await log.events.readStream(stream);
        expect(clientViewAsOf(events, beforeDowngrade)?.credit.rating).toBe('A');
        expect(clientViewAsOf(events, new Date())?.credit.rating).toBe('BB');
        // The projected view and the fold of the whole stream are the same document.
        const projected = await store.clientViews.loadViews([clientId, 'no-such-client']);
        expect([...projected.keys()]).toEqual([clientId]);
        expect(clientViewAsOf(events, new Date())).toEqual(projected.get(clientId));
      });

      it('pages the timeline newest first with a cursor', async () => {
        const first = await store.clientViews.getTimeline(clientId, { limit: 2 });
        expect(first.entries.map((e) => e.revision)).toEqual([3, 2]);
        expect(first.entries.map((e) => e.type)).toEqual(['CreditRatingChanged', 'CreditRatingChanged']);
        expect(first.entries[0].actor).toEqual({ userId: 'u-1', role: 'relationship_manager' });
        expect(first.nextCursor).toBe('2');
        const second = await store.clientViews.getTimeline(clientId, {
          before: first.nextCursor ?? undefined,
          limit: 10,
        });
        expect(second.entries.map((e) => e.revision)).toEqual([1, 0]);
        expect(second.entries[1].position).toBe(String((await log.events.readStream(stream))[0].position));
        expect(second.nextCursor).toBeNull();
      });
    });
  });
}
