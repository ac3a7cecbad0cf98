import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@crm/event-store';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { ClientReadModelsProjector } from './client-read-models.projector';
import { ProjectionRunner } from './projection-runner';

const clientIdOf = (n: number): string => `0190a4c2-0000-7000-8000-${String(n).padStart(12, '0')}`;

const registered = (n: number): NewEvent => ({
  eventId: `0190a4c2-0000-7000-9000-${String(n).padStart(12, '0')}`,
  type: 'ProspectRegistered',
  schemaVersion: 1,
  metadata: {
    occurredAt: '2026-12-01T02:00:00.000Z',
    correlationId: `cor-${n}`,
    causationId: `cau-${n}`,
    actor: { userId: 'u-1', role: 'relationship_manager' },
  },
  data: {
    clientId: clientIdOf(n),
    branchId: 'br-1',
    segment: 'sme',
    industry: 'retail',
    legalName: `Client ${n} Co.`,
    registrationNo: `9133010000000${n}`,
    contact: {},
    source: 'walk-in',
  },
});

/**
 * Generous: on SQLite both runners share this thread, so the loser's busy wait (5 s) holds up the
 * winner's commit too, and a loaded machine may see several such waits.
 */
const eventually = async (condition: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/**
 * Two projectors on one read-model database (two API processes on one PostgreSQL do this): each
 * batch is committed by one, and the other's attempt is refused (CheckpointMovedError) and
 * resubscribes from the stored checkpoint. When the winner has already projected everything, the
 * loser has nothing left to commit; it must still report itself healthy once it has caught up.
 */
describe('ProjectionRunner beside another projector on the same read models', () => {
  const dir = mkdtempSync(join(tmpdir(), 'projection-runner-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('clears a lost race from its status once the new subscription has caught up', async () => {
    const log = SqliteEventStore.open(':memory:');
    const file = join(dir, 'read-models.sqlite');
    const stores = [SqliteReadModelStore.open(file), SqliteReadModelStore.open(file)];
    const failures: string[] = [];
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (fields: object) => void failures.push(JSON.stringify(fields)),
    };
    const runners = stores.map(
      (store) => new ProjectionRunner(log, store, new ClientReadModelsProjector(store), { retryDelayMs: 20, logger }),
    );
    try {
      for (const runner of runners) await runner.start();
      for (let n = 1; n <= 5; n++)
        await log.appendToStream(`client-${clientIdOf(n)}`, [registered(n)], {
          expectedRevision: 'no_stream',
        });
      const head = (await log.headPosition()).toString();

      await eventually(() => failures.length > 0, 'one projector to lose a batch to the other');
      // CheckpointMovedError, or on SQLite the winner's write lock (SQLITE_BUSY, whose class jest's
      // realm may not recognise): a lost race either way, at the first batch.
      expect(JSON.parse(failures[0])).toMatchObject({ checkpoint: '0', error: expect.any(String) });
      await eventually(
        () => runners.every((runner) => runner.status().checkpoint === head && runner.status().caughtUp),
        'both projectors at the head',
      );
      await eventually(() => runners.every((runner) => runner.status().lastError === null), 'both healthy again');
    } finally {
      for (const runner of runners) await runner.stop();
      for (const store of stores) await store.close();
      await log.close();
    }
  }, 120_000);
});

describe('ProjectionRunner catching up', () => {
  it('reports each catch-up once it reads through to the head, with the events it projected', async () => {
    const log = SqliteEventStore.open(':memory:');
    const store = SqliteReadModelStore.open(':memory:');
    for (let n = 1; n <= 3; n++)
      await log.appendToStream(`client-${clientIdOf(n)}`, [registered(n)], { expectedRevision: 'no_stream' });
    const caughtUp: number[] = [];
    const runner = new ProjectionRunner(log, store, new ClientReadModelsProjector(store), {
      onCaughtUp: (projected) => caughtUp.push(projected),
    });
    try {
      await runner.start();
      await runner.caughtUp();
      await eventually(() => caughtUp.length > 0, 'the catch-up to be reported');
      expect(caughtUp).toEqual([3]);
      await runner.stop();
      await log.appendToStream(`client-${clientIdOf(4)}`, [registered(4)], { expectedRevision: 'no_stream' });
      await runner.start();
      await eventually(() => caughtUp.length > 1, 'the second catch-up to be reported');
      expect(caughtUp).toEqual([3, 1]);
    } finally {
      await runner.stop();
      await store.close();
      await log.close();
    }
  });
});
