import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCheckpointStore } from './checkpoint-store';

describe('SqliteCheckpointStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-checkpoints-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is null until stored, keeps the latest value per name, and survives reopening', async () => {
    const path = join(dir, 'read-models.sqlite');
    const store = SqliteCheckpointStore.open(path);
    expect(await store.get('projector')).toBeNull();
    await store.store('projector', 42n);
    await store.store('relay', 7n);
    await store.store('projector', 9_007_199_254_740_993n);
    await store.close();

    const reopened = SqliteCheckpointStore.open(path);
    expect(await reopened.get('projector')).toBe(9_007_199_254_740_993n);
    expect(await reopened.get('relay')).toBe(7n);
    await reopened.close();
  });
});
