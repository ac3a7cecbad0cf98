import { join } from 'node:path';
import { scratchDir } from '@crm/testing';
import { openEventStore } from '../index';

// The gRPC client costs every process ~8 MiB of heap; only an installation on EventStoreDB may load it.
jest.mock('@eventstore/db-client', () => {
  throw new Error('@eventstore/db-client was loaded');
});

describe('openEventStore and the EventStoreDB client', () => {
  let dir: ReturnType<typeof scratchDir>;

  beforeEach(() => {
    dir = scratchDir('crm-open-event-store');
  });

  afterEach(() => dir.cleanup());

  it('opens the embedded default through the package without loading it', async () => {
    const store = await openEventStore({ kind: 'sqlite', path: join(dir.path, 'events.sqlite'), durable: false });
    try {
      expect(await store.headPosition()).toBe(0n);
    } finally {
      await store.close();
    }
  });

  it('loads it when EventStoreDB is configured', async () => {
    await expect(
      openEventStore({
        kind: 'eventstoredb',
        connectionString: 'esdb://127.0.0.1:1?tls=false',
        checkpointsPath: join(dir.path, 'checkpoints.sqlite'),
      }),
    ).rejects.toThrow('@eventstore/db-client was loaded');
  });
});
