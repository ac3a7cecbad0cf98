import { randomBytes } from 'node:crypto';
import { ERASED } from '@crm/domain';
import { DataKeyRing } from './data-key-ring';
import { sealField } from './field-envelope';
import { deriveMasterKey } from './master-key';
import { isPersonalDataToken, KeyRingOpener, OPEN_ONCE, personalDataToken } from './personal-data-token';
import { SqliteDataKeyStore } from './sqlite.data-key-store';

const CLIENT_A = '0190a4c2-1e9a-7000-8000-00000000000a';
const CLIENT_B = '0190a4c2-1e9a-7000-8000-00000000000b';

describe('personal-data tokens (read models) and their opener', () => {
  let ring: DataKeyRing;

  beforeEach(() => {
    ring = new DataKeyRing(SqliteDataKeyStore.open(':memory:'), deriveMasterKey(randomBytes(32)));
  });

  afterEach(async () => {
    await ring.store.close();
  });

  const tokenFor = async (clientId: string, value: string, path = 'legalName'): Promise<string> => {
    const key = await ring.keyForWriting(clientId);
    if (key.kind !== 'live') throw new Error('no key');
    const context = { streamId: `client-${clientId}`, eventId: `evt-${path}`, path };
    return personalDataToken(sealField(key.key, key.version, value, context), context);
  };

  it('opens every token of a result in place, at any depth, and leaves what holds none', async () => {
    const name = await tokenFor(CLIENT_A, 'Anhui Grain Co.');
    const title = await tokenFor(CLIENT_B, 'Visit the chairman', 'title');
    expect(isPersonalDataToken(name)).toBe(true);
    expect(name).not.toContain('Anhui');
    const plain = { industry: 'grain', amounts: [1, 2] };
    const result = { items: [{ legalName: name, tasks: [{ title }] }, { legalName: 'plain' }], plain };
    const opened = await new KeyRingOpener(ring).openAll(result);
    expect(opened).toEqual({
      items: [{ legalName: 'Anhui Grain Co.', tasks: [{ title: 'Visit the chairman' }] }, { legalName: 'plain' }],
      plain,
    });
    // In place: a query's result is its own.
    expect(opened).toBe(result);
    expect(opened.plain).toBe(plain);
    const none = { a: 'x' };
    expect(await new KeyRingOpener(ring).openAll(none)).toBe(none);
    // A token alone, and tokens in a Map (the repositories' load… answers).
    expect(await new KeyRingOpener(ring).openAll(await tokenFor(CLIENT_A, 'Alone'))).toBe('Alone');
    const byId = new Map([['x', { body: await tokenFor(CLIENT_B, 'In a map', 'text') }]]);
    expect(await new KeyRingOpener(ring).openAll(byId)).toEqual(new Map([['x', { body: 'In a map' }]]));
  });

  it('reads "[erased]" once the client\'s key is destroyed, and only that client\'s', async () => {
    const a = await tokenFor(CLIENT_A, 'Anhui Grain Co.');
    const b = await tokenFor(CLIENT_B, 'Beijing Logistics');
    const opener = new KeyRingOpener(ring);
    // Opened once, so the text is remembered: the erasure must still win over it.
    expect(await opener.openAll([a, b])).toEqual(['Anhui Grain Co.', 'Beijing Logistics']);
    await ring.destroy(CLIENT_A);
    expect(await opener.openAll([a, b])).toEqual([ERASED, 'Beijing Logistics']);
    expect(await new KeyRingOpener(ring).openAll([a, b])).toEqual([ERASED, 'Beijing Logistics']);
  });

  it("serves a remembered text only while the ring trusts the key: another process's erasure shows once its time is up", async () => {
    let now = 1_000_000;
    const master = deriveMasterKey(randomBytes(32));
    const store = SqliteDataKeyStore.open(':memory:');
    const reader = new DataKeyRing(store, master, [], { cacheTtlMs: 60_000, now: () => now });
    const eraser = new DataKeyRing(store, master, [], { now: () => now });
    try {
      const key = await reader.keyForWriting(CLIENT_A);
      if (key.kind !== 'live') throw new Error('no key');
      const context = { streamId: `client-${CLIENT_A}`, eventId: 'evt-1', path: 'legalName' };
      const a = personalDataToken(sealField(key.key, key.version, 'Anhui Grain Co.', context), context);
      const opener = new KeyRingOpener(reader);
      expect(await opener.openAll([a])).toEqual(['Anhui Grain Co.']);
      await eraser.destroy(CLIENT_A);
      now += 59_000;
      expect(await opener.openAll([a])).toEqual(['Anhui Grain Co.']);
      now += 2_000;
      expect(await opener.openAll([a])).toEqual([ERASED]);
      expect(await opener.openAll({ legalName: a })).toEqual({ legalName: ERASED });
    } finally {
      await store.close();
    }
  });

  it("keeps neither the text nor the key an open-once opener (the projector's) loads, and uses keys the reads cached", async () => {
    const master = deriveMasterKey(randomBytes(32));
    const store = SqliteDataKeyStore.open(':memory:');
    const writer = new DataKeyRing(store, master);
    const reader = new DataKeyRing(store, master);
    try {
      const sealedFor = async (clientId: string, value: string): Promise<string> => {
        const key = await writer.keyForWriting(clientId);
        if (key.kind !== 'live') throw new Error('no key');
        const context = { streamId: `client-${clientId}`, eventId: 'evt-1', path: 'legalName' };
        return personalDataToken(sealField(key.key, key.version, value, context), context);
      };
      const a = await sealedFor(CLIENT_A, 'Anhui Grain Co.');
      const b = await sealedFor(CLIENT_B, 'Beijing Logistics');
      const once = new KeyRingOpener(reader, OPEN_ONCE);
      expect(await once.openAll([a])).toEqual(['Anhui Grain Co.']);
      expect(reader.cachedState(CLIENT_A)).toBeUndefined();
      // Nothing remembered, so another ring's erasure shows at once, not when a cached key expires.
      await writer.destroy(CLIENT_A);
      expect(await once.openAll([a])).toEqual([ERASED]);
      await new KeyRingOpener(reader).openAll([b]);
      expect(reader.cachedState(CLIENT_B)?.kind).toBe('live');
      expect(await once.openAll({ legalName: b })).toEqual({ legalName: 'Beijing Logistics' });
    } finally {
      await store.close();
    }
  });

  it("fails a token moved to another client's binding instead of showing it", async () => {
    const a = await tokenFor(CLIENT_A, 'Anhui Grain Co.');
    await ring.keyForWriting(CLIENT_B);
    const moved = a.replace(`client-${CLIENT_A}`, `client-${CLIENT_B}`);
    await expect(new KeyRingOpener(ring).openAll(moved)).rejects.toThrow();
  });

  it('authenticates a moved token even after the original was opened and remembered', async () => {
    const a = await tokenFor(CLIENT_A, 'Anhui Grain Co.');
    await ring.keyForWriting(CLIENT_B);
    const opener = new KeyRingOpener(ring);
    expect(await opener.openAll({ legalName: a })).toEqual({ legalName: 'Anhui Grain Co.' });
    const moved = a.replace(`client-${CLIENT_A}`, `client-${CLIENT_B}`);
    await expect(opener.openAll({ legalName: moved })).rejects.toThrow();
  });

  it('opens the same token twice in one result, and a remembered one, to the same text', async () => {
    const a = await tokenFor(CLIENT_A, 'Anhui Grain Co.');
    const opener = new KeyRingOpener(ring);
    expect(await opener.openAll([a, { again: a }])).toEqual(['Anhui Grain Co.', { again: 'Anhui Grain Co.' }]);
    expect(await opener.openAll([a, a])).toEqual(['Anhui Grain Co.', 'Anhui Grain Co.']);
  });
});
