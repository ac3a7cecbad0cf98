import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store';
import {
  CLIENT_READ_MODELS_PROJECTION,
  clientIdOfStream,
  ClientReadModelsProjector,
  isClientStream,
  ProjectionRunner,
  rebuildIntoNewGeneration,
  type SqlReadModelStore,
} from '@crm/read-models';
import { appendClientEventMix, generateClientEventMix, type MixedEvent } from './client-event-mix';
import type { ReadModelStoreFactory } from './read-model-store.contract';

const CLIENTS = 60;
const MANAGERS = 6;
const EVENTS = 3000;
/** Of the mix, appended before the rebuild starts; the rest arrives while it runs. */
const BEFORE = 2000;
/** Short, so a reader on another connection moves to the new generation well within the retire delay. */
const POLL_MS = 25;
const RETIRE_AFTER_MS = 250;

/**
 * Rebuilding the client read models into a new generation, on any read-model store: readers
 * never miss a client while a rebuild runs next to the live projector, the result equals a fresh
 * projection, the old tables go, and an interrupted rebuild changes nothing a query can see.
 */
export function projectionRebuildContract(name: string, factory: ReadModelStoreFactory): void {
  describe(`projection rebuild contract: ${name}`, () => {
    let dir: string;
    let log: SqliteEventStore;
    let mix: MixedEvent[];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'crm-rebuild-'));
      log = SqliteEventStore.open(join(dir, 'events.sqlite'), { synchronous: 'NORMAL', pollIntervalMs: 10 });
      mix = generateClientEventMix({ clients: CLIENTS, managers: MANAGERS, events: EVENTS, seed: 11 });
      await appendClientEventMix(log, mix.slice(0, BEFORE));
    });

    afterAll(async () => {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
      await factory.dispose();
    });

    /** A live projector on a new database, caught up with the log. */
    const liveDatabase = async () => {
      const db = await factory.create();
      const live = await db.open({ generationPollMs: POLL_MS });
      const runner = new ProjectionRunner(log, live, new ClientReadModelsProjector(live), {
        batchSize: 100,
        catchUpBatchSize: 500,
        retryDelayMs: 10,
      });
      await runner.start();
      await runner.caughtUp();
      // SQLite: one connection per database in a process (see concurrentWriters), so the rebuild
      // shares the live store; PostgreSQL: another store, as the CLI in another process would be.
      const builder = factory.concurrentWriters ? await db.open({ generationPollMs: POLL_MS }) : live;
      return { db, live, runner, builder };
    };

    const knownClients = async (store: SqlReadModelStore): Promise<string[]> => {
      const ids = [
        ...new Set(
          mix
            .slice(0, BEFORE)
            .filter((m) => isClientStream(m.streamId))
            .map((m) => clientIdOfStream(m.streamId)),
        ),
      ];
      const known: string[] = [];
      for (const id of ids) if ((await store.clientViews.getClientView(id)) !== null) known.push(id);
      return known;
    };

    /** Reads every known client in a loop until stopped; counts the reads that found none. */
    const sample = (store: SqlReadModelStore, ids: readonly string[]) => {
      let running = true;
      let reads = 0;
      const missing: string[] = [];
      const done = (async () => {
        while (running) {
          for (const id of ids) {
            reads += 1;
            if ((await store.clientViews.getClientView(id)) === null) missing.push(id);
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      return {
        stop: async () => {
          running = false;
          await done;
          return { reads, missing };
        },
      };
    };

    const freshDump = async () => {
      const db = await factory.create();
      const store = await db.open({ generationPollMs: 0 });
      const runner = new ProjectionRunner(log, store, new ClientReadModelsProjector(store), { batchSize: 5000 });
      await runner.start();
      await runner.caughtUp();
      await runner.stop();
      await store.close();
      return db.dump();
    };

    it('switches to a fresh generation while appends are projected and queries run, and drops the old tables', async () => {
      const { db, live, runner, builder } = await liveDatabase();
      const ids = await knownClients(live);
      expect(ids.length).toBeGreaterThan(CLIENTS / 2);
      const sampler = sample(live, ids);

      let appending = true;
      let appended = BEFORE;
      const writer = (async () => {
        while (appended < mix.length && appending) {
          await appendClientEventMix(log, mix.slice(appended, appended + 50));
          appended = Math.min(mix.length, appended + 50);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const result = await rebuildIntoNewGeneration(log, builder, { batchSize: 300, retireAfterMs: RETIRE_AFTER_MS });
      appending = false;
      await writer;
      const { reads, missing } = await sampler.stop();

      expect(missing).toEqual([]);
      expect(reads).toBeGreaterThan(ids.length);
      expect(result).toMatchObject({
        projection: CLIENT_READ_MODELS_PROJECTION,
        previous: 1,
        generation: 2,
        discarded: null,
      });
      expect(result.events).toBeGreaterThan(0);
      expect(live.liveGeneration()).toBe(2);
      expect(await db.tables()).not.toContain('client_view');
      expect(await db.tables()).toEqual(
        expect.arrayContaining(['client_view_g2', 'client_timeline_g2', 'managers_g2']),
      );

      expect(appended).toBeGreaterThan(BEFORE);
      // Whatever was not appended while the rebuild ran, then everything projected into the new generation.
      await appendClientEventMix(log, mix.slice(appended));
      const head = await log.headPosition();
      expect(await runner.waitForPosition(head, 20_000)).toBe(true);
      await runner.stop();
      if (builder !== live) await builder.close();
      await live.close();
      expect(await db.dump()).toEqual(await freshDump());
    });

    it('honours an abort that comes from the event loop (a signal handler) before its catch-up ends', async () => {
      const { live, runner, builder } = await liveDatabase();
      try {
        const abort = new AbortController();
        setImmediate(() => abort.abort());
        await expect(
          rebuildIntoNewGeneration(log, builder, {
            batchSize: 100,
            retireAfterMs: RETIRE_AFTER_MS,
            signal: abort.signal,
          }),
        ).rejects.toThrow();
      } finally {
        await runner.stop();
        if (builder !== live) await builder.close();
        await live.close();
      }
    });

    it('leaves the live generation serving when interrupted half-way, and the next rebuild discards the half-built one', async () => {
      const { db, live, runner, builder } = await liveDatabase();
      const ids = await knownClients(live);
      const sampler = sample(live, ids);
      const abort = new AbortController();
      let batches = 0;
      const interrupted = rebuildIntoNewGeneration(log, builder, {
        batchSize: 500,
        retireAfterMs: RETIRE_AFTER_MS,
        signal: abort.signal,
        onProgress: (progress) => {
          if (progress.projected > 0 && ++batches === 2) abort.abort();
        },
      });
      await expect(interrupted).rejects.toThrow();
      expect(live.liveGeneration()).toBe(1);
      expect(await db.tables()).toEqual(expect.arrayContaining(['client_view', 'client_view_g2']));
      for (const id of ids) expect(await live.clientViews.getClientView(id)).not.toBeNull();

      const result = await rebuildIntoNewGeneration(log, builder, { batchSize: 500, retireAfterMs: RETIRE_AFTER_MS });
      expect(result).toMatchObject({ previous: 1, generation: 3, discarded: 2 });
      expect((await sampler.stop()).missing).toEqual([]);
      const tables = await db.tables();
      expect(tables.filter((table) => table.startsWith('client_view'))).toEqual(['client_view_g3']);

      expect(await runner.waitForPosition(await log.headPosition(), 20_000)).toBe(true);
      await runner.stop();
      if (builder !== live) await builder.close();
      await live.close();
      expect(await db.dump()).toEqual(await freshDump());
    });
  });
}
