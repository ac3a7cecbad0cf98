import { randomBytes } from 'node:crypto';
import { DataKeyRing } from './data-key-ring';
import { deriveMasterKey, type MasterKey } from './master-key';
import { SqliteDataKeyStore } from './sqlite.data-key-store';

const CLIENT = '0190a4c2-1e9a-7000-8000-0000000000c1';
const TTL_MS = 60_000;

describe('DataKeyRing: a cached key whose time is up', () => {
  let now: number;
  let store: SqliteDataKeyStore;
  let reader: DataKeyRing;
  let writer: DataKeyRing;
  /** How many times the reader's ring used its master key: once per key it unwrapped. */
  let unwraps: number;

  beforeEach(() => {
    now = 1_000_000;
    unwraps = 0;
    const master = deriveMasterKey(randomBytes(32));
    const counted: MasterKey = {
      id: master.id,
      get key() {
        unwraps += 1;
        return master.key;
      },
    };
    store = SqliteDataKeyStore.open(':memory:');
    reader = new DataKeyRing(store, counted, [], { cacheTtlMs: TTL_MS, now: () => now });
    writer = new DataKeyRing(store, master, [], { now: () => now });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
  });

  const readState = async () => (await reader.statesOf([CLIENT])).get(CLIENT);

  it('is read again from the store, and trusted again without unwrapping while its row holds the same version', async () => {
    const written = await writer.keyForWriting(CLIENT);
    const first = await readState();
    expect(first).toEqual(written);
    expect(unwraps).toBe(1);
    const reads = jest.spyOn(store, 'get');

    now += TTL_MS - 1;
    expect(await readState()).toBe(first);
    expect(reads).not.toHaveBeenCalled();

    now += 1;
    expect(reader.cachedState(CLIENT)).toBeUndefined();
    expect(await readState()).toBe(first);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(unwraps).toBe(1);

    // Trusted for another TTL from the read.
    now += TTL_MS - 1;
    expect(reader.cachedState(CLIENT)).toBe(first);
  });

  it("reads destroyed once another process's erasure destroyed the key meanwhile", async () => {
    await writer.keyForWriting(CLIENT);
    expect((await readState())?.kind).toBe('live');
    await writer.destroy(CLIENT);
    now += TTL_MS;
    expect(await readState()).toEqual({ kind: 'destroyed' });
    expect(reader.cachedState(CLIENT)).toEqual({ kind: 'destroyed' });
  });

  it('unwraps the key again when it was never cached or was forgotten', async () => {
    await writer.keyForWriting(CLIENT);
    const first = await readState();
    expect(unwraps).toBe(1);
    reader.evict(CLIENT);
    now += TTL_MS;
    expect(await readState()).toEqual(first);
    expect(unwraps).toBe(2);
  });
});
