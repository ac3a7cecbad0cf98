import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store';
import { appendClientEventMix, generateClientEventMix } from '@crm/testing';
import { CLIENT_READ_MODELS_PROJECTION, ClientReadModelsProjector } from '../projector/client-read-models.projector';
import type { WarmUpProgress } from '../store/read-model-store.port';
import { SqliteReadModelStore } from './sqlite.read-model-store';

const CLIENTS = 4_500;

describe('SqliteReadModelStore.warmViewPages', () => {
  let dir: string;
  let store: SqliteReadModelStore;
  let clientIds: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-warm-up-'));
    const events = SqliteEventStore.open(join(dir, 'events.sqlite'), { synchronous: 'OFF' });
    const mix = generateClientEventMix({ clients: CLIENTS, managers: 30, events: CLIENTS * 2, seed: 3 });
    clientIds = mix
      .filter((m) => m.event.type === 'ProspectRegistered')
      .map((m) => (m.event.data as { clientId: string }).clientId);
    await appendClientEventMix(events, mix);
    store = SqliteReadModelStore.open(join(dir, 'read-models.sqlite'), { generationPollMs: 0 });
    const projector = new ClientReadModelsProjector(store, CLIENT_READ_MODELS_PROJECTION);
    let from = 0n;
    for (;;) {
      const batch = await events.readAll({ after: from, maxCount: 5_000 });
      if (batch.length === 0) break;
      from = await projector.projectBatch(from, batch);
    }
    await events.close();
  }, 60_000);

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every view and its key, reports progress, and hands back ids spread over the table', async () => {
    const said: WarmUpProgress[] = [];
    const warm = await store.warmViewPages({
      budgetBytes: 1024 ** 3,
      maxMs: 60_000,
      onProgress: (progress) => said.push(progress),
    });
    const viewed = clientIds.length;
    expect(warm).toMatchObject({ keys: viewed, rows: viewed, complete: true });
    expect(warm.bytes).toBeGreaterThan(viewed * 100);
    // The end is always said, with the figures returned.
    expect(said[said.length - 1]).toMatchObject({ keys: viewed, rows: viewed, bytes: warm.bytes });
    expect(warm.sampleClientIds.length).toBeGreaterThan(100);
    expect(warm.sampleClientIds.length).toBeLessThanOrEqual(viewed);
    for (const id of warm.sampleClientIds.slice(0, 20)) {
      expect(await store.clientViews.getClientView(id)).toMatchObject({ id });
    }
  });

  it('stops at its byte budget, leaving the rest unread', async () => {
    const warm = await store.warmViewPages({ budgetBytes: 1, maxMs: 60_000 });
    expect(warm.complete).toBe(false);
    // One chunk of rows, then the budget is seen to be spent.
    expect(warm.rows).toBeLessThan(clientIds.length);
    expect(warm.rows).toBeGreaterThan(0);
  });
});
