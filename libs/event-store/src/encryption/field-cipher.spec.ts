import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptionError } from './aes-gcm';
import { DataKeyError, DataKeyRing, type DataKeyState } from './data-key-ring';
import {
  CorruptEnvelopeError,
  envelopeKeyVersion,
  isEnvelope,
  openField,
  sealField,
  type FieldContext,
} from './field-envelope';
import { deriveMasterKey, loadMasterKey, MasterKeyError } from './master-key';
import { DeferredField, deferPersonalFields, hasPersonalValues, mapPersonalFields } from './personal-fields';
import { SqliteDataKeyStore } from './sqlite.data-key-store';

const context: FieldContext = { streamId: 'client-c-1', eventId: 'e-1', path: 'legalName' };

class Computed extends DeferredField {
  constructor(private readonly compute: () => unknown) {
    super();
  }

  read(): unknown {
    return this.compute();
  }
}

describe('personal field envelopes (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips any JSON value, unicode included, as an opaque envelope', () => {
    for (const value of ['上海浦东发展有限公司', '+86 21 5555 0101', { phone: '1', email: 'a@b' }, '']) {
      const envelope = sealField(key, 1, value, context);
      expect(isEnvelope(envelope)).toBe(true);
      expect(envelope.$enc).toMatch(/^v1:1:[A-Za-z0-9+/]+=*$/);
      expect(JSON.stringify(envelope)).not.toContain('5555');
      expect(openField(key, envelope, context)).toEqual(value);
    }
  });

  it('uses a fresh IV every time: the same value never gives the same ciphertext', () => {
    expect(sealField(key, 1, 'same', context).$enc).not.toBe(sealField(key, 1, 'same', context).$enc);
  });

  it('records the key version', () => {
    expect(envelopeKeyVersion(sealField(key, 7, 'x', context), context)).toBe(7);
  });

  it('a changed byte fails authentication instead of giving garbage', () => {
    const envelope = sealField(key, 1, 'Acme Machinery Co., Ltd.', context);
    const bytes = Buffer.from(envelope.$enc.split(':')[2], 'base64');
    for (const index of [0, 13, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] ^= 0x01;
      expect(() => openField(key, { $enc: `v1:1:${tampered.toString('base64')}` }, context)).toThrow(DecryptionError);
    }
    expect(() => openField(key, { $enc: `v1:1:${bytes.subarray(0, 20).toString('base64')}` }, context)).toThrow(
      DecryptionError,
    );
  });

  it.each([
    ['another client', { ...context, streamId: 'client-c-2' }],
    ['another event', { ...context, eventId: 'e-2' }],
    ['another field', { ...context, path: 'registrationNo' }],
  ])('ciphertext moved to %s does not open (the associated data binds it)', (_where, elsewhere) => {
    const envelope = sealField(key, 1, 'Acme', context);
    expect(() => openField(key, envelope, elsewhere)).toThrow(DecryptionError);
  });

  it('the wrong key does not open it', () => {
    expect(() => openField(randomBytes(32), sealField(key, 1, 'Acme', context), context)).toThrow(DecryptionError);
  });

  it('a malformed envelope is reported as such, without its content', () => {
    const error = (() => {
      try {
        openField(key, { $enc: 'v2:1:secret-looking-stuff' }, context);
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(CorruptEnvelopeError);
    expect(error.message).not.toContain('secret-looking-stuff');
  });

  it('only an object with exactly one $enc string is an envelope', () => {
    expect(isEnvelope({ $enc: 'v1:1:AA==' })).toBe(true);
    expect(isEnvelope({ $enc: 'v1:1:AA==', other: 1 })).toBe(false);
    expect(isEnvelope({ $enc: 1 })).toBe(false);
    expect(isEnvelope('v1:1:AA==')).toBe(false);
    expect(isEnvelope(null)).toBe(false);
  });
});

describe('personal fields by path', () => {
  const data = {
    clientId: 'c-1',
    legalName: 'Acme',
    registrationNo: 'R-1',
    contact: { phone: '1' },
    industry: 'retail',
  };

  it('replaces present personal fields only, copying on write', () => {
    const mapped = mapPersonalFields(
      'ProspectRegistered',
      data,
      (path, value) => `${path}=${String(value)}`,
    ) as typeof data;
    expect(mapped).toEqual({
      clientId: 'c-1',
      legalName: 'legalName=Acme',
      registrationNo: 'registrationNo=R-1',
      contact: { phone: 'contact.phone=1' },
      industry: 'retail',
    });
    expect(data.legalName).toBe('Acme');
    expect(data.contact).toEqual({ phone: '1' });
  });

  it('returns the very same object when nothing is personal', () => {
    const credit = { from: null, to: 'A', notches: 0, reason: 'r' };
    expect(mapPersonalFields('CreditRatingChanged', credit, () => 'x')).toBe(credit);
    expect(mapPersonalFields('NotAClientEvent', data, () => 'x')).toBe(data);
    expect(hasPersonalValues('CreditRatingChanged', credit)).toBe(false);
    expect(hasPersonalValues('ClientProfileUpdated', { changes: { industry: 'x' } })).toBe(false);
    expect(hasPersonalValues('ClientProfileUpdated', { changes: { contact: { email: 'e' } } })).toBe(true);
  });

  it('ignores prototype names in stored data', () => {
    expect(hasPersonalValues('ProspectRegistered', JSON.parse('{"__proto__": {"legalName": "x"}}'))).toBe(false);
  });

  it('deferred fields are computed on their first read only, and read like replaced ones everywhere', () => {
    const reads: string[] = [];
    const deferred = deferPersonalFields(
      'ProspectRegistered',
      data,
      (path, value) =>
        new Computed(() => {
          reads.push(path);
          return `${path}=${String(value)}`;
        }),
    ) as typeof data;
    expect(reads).toEqual([]);
    expect(deferred.legalName).toBe('legalName=Acme');
    expect(deferred.legalName).toBe('legalName=Acme');
    expect(reads).toEqual(['legalName']);

    const replaced = mapPersonalFields('ProspectRegistered', data, (path, value) => `${path}=${String(value)}`);
    expect(JSON.stringify(deferred)).toBe(JSON.stringify(replaced));
    expect(Object.keys(deferred)).toEqual(Object.keys(data));
    expect({ ...deferred }).toEqual(replaced);
    expect(deferred).toStrictEqual(replaced);
    expect(reads.sort()).toEqual(['contact.phone', 'legalName', 'registrationNo']);
    expect(data).toEqual({
      clientId: 'c-1',
      legalName: 'Acme',
      registrationNo: 'R-1',
      contact: { phone: '1' },
      industry: 'retail',
    });
  });

  it('defers only the fields it is asked to, keeps assignments, and rethrows a failed read at every read', () => {
    const failing = deferPersonalFields('ProspectRegistered', data, (path) =>
      path === 'legalName'
        ? new Computed(() => {
            throw new DecryptionError(path);
          })
        : null,
    ) as typeof data;
    expect(failing.registrationNo).toBe('R-1');
    expect(failing.contact).toBe(data.contact);
    expect(() => failing.legalName).toThrow(DecryptionError);
    expect(() => JSON.stringify(failing)).toThrow(DecryptionError);
    failing.legalName = 'assigned';
    expect(failing.legalName).toBe('assigned');

    const credit = { from: null, to: 'A', notches: 0, reason: 'r' };
    expect(deferPersonalFields('CreditRatingChanged', credit, () => new Computed(() => 'x'))).toBe(credit);
    expect(deferPersonalFields('ProspectRegistered', data, () => null)).toBe(data);
  });
});

describe('master key', () => {
  it('is derived from at least 32 bytes of secret, with a public fingerprint', () => {
    const a = deriveMasterKey(Buffer.from('a'.repeat(32)));
    expect(a.key).toHaveLength(32);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(deriveMasterKey(Buffer.from('a'.repeat(32))).id).toBe(a.id);
    expect(deriveMasterKey(Buffer.from('b'.repeat(32))).id).not.toBe(a.id);
    expect(() => deriveMasterKey(Buffer.from('short'))).toThrow(MasterKeyError);
  });

  it('reads a key file, ignoring one trailing newline, and never echoes a read error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-master-'));
    try {
      writeFileSync(join(dir, 'key'), `${'k'.repeat(40)}\n`);
      expect(loadMasterKey({ file: join(dir, 'key') }).id).toBe(loadMasterKey({ secret: 'k'.repeat(40) }).id);
      expect(() => loadMasterKey({ file: join(dir, 'missing') })).toThrow(/cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DataKeyRing', () => {
  const master = deriveMasterKey(Buffer.from('m'.repeat(32)));
  const other = deriveMasterKey(Buffer.from('o'.repeat(32)));
  let store: SqliteDataKeyStore;

  beforeEach(() => {
    store = SqliteDataKeyStore.open(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  it('makes one key per client, wraps it, and finds it again from another ring', async () => {
    const ring = new DataKeyRing(store, master);
    const key = await ring.keyForWriting('c-1');
    expect(key.kind).toBe('live');
    expect(await ring.keyForWriting('c-1')).toEqual(key);
    const [row] = (await store.get(['c-1'])).values();
    expect(row.kekId).toBe(master.id);
    expect(row.wrapped?.includes(key.kind === 'live' ? key.key : Buffer.alloc(0))).toBe(false);
    expect(await new DataKeyRing(store, master).statesOf(['c-1', 'c-2'])).toEqual(
      new Map<string, DataKeyState>([
        ['c-1', key],
        ['c-2', { kind: 'missing' }],
      ]),
    );
  });

  it('keeps each unwrapped key in memory of its own, not in a slice of the shared Buffer pool', async () => {
    await new DataKeyRing(store, master).keyForWriting('c-1');
    const state = (await new DataKeyRing(store, master).statesOf(['c-1'])).get('c-1');
    if (state?.kind !== 'live') throw new Error(`expected a live key, got ${state?.kind}`);
    expect(state.key.byteLength).toBe(32);
    expect(state.key.buffer.byteLength).toBe(32);
  });

  it('stores the keys of a burst of new clients in one commit, and one key per client however many ask', async () => {
    const ring = new DataKeyRing(store, master);
    const inserts = jest.spyOn(store, 'insertIfAbsent');
    const keys = await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => ring.keyForWriting(`c-${i}`)),
      ring.keyForWriting('c-0'),
    ]);
    expect(inserts).toHaveBeenCalledTimes(1);
    expect(inserts.mock.calls[0][0]).toHaveLength(50);
    expect(keys[50]).toEqual(keys[0]);
    expect(new Set(keys.map((key) => (key.kind === 'live' ? key.key.toString('hex') : ''))).size).toBe(50);
  });

  it('a destroyed key stays destroyed: no new key is ever made for that client', async () => {
    const ring = new DataKeyRing(store, master);
    await ring.keyForWriting('c-1');
    await ring.destroy('c-1');
    expect(await ring.keyForWriting('c-1')).toEqual({ kind: 'destroyed' });
    expect(await new DataKeyRing(store, master).keyForWriting('c-1')).toEqual({ kind: 'destroyed' });
    const [row] = (await store.get(['c-1'])).values();
    expect(row).toMatchObject({ wrapped: null, kekId: null, destroyed: true });
  });

  it('destroying a client that never had a key leaves a tombstone', async () => {
    const ring = new DataKeyRing(store, master);
    await ring.destroy('legacy');
    expect((await ring.statesOf(['legacy'])).get('legacy')).toEqual({ kind: 'destroyed' });
  });

  it('trusts a cached key only for its time to live, so another process\u2019s erasure is seen', async () => {
    let now = 1_000;
    const reader = new DataKeyRing(store, master, [], { cacheTtlMs: 100, now: () => now });
    const eraser = new DataKeyRing(store, master);
    await eraser.keyForWriting('c-1');
    expect((await reader.statesOf(['c-1'])).get('c-1')?.kind).toBe('live');
    await eraser.destroy('c-1');
    expect((await reader.statesOf(['c-1'])).get('c-1')?.kind).toBe('live');
    now += 101;
    expect((await reader.statesOf(['c-1'])).get('c-1')?.kind).toBe('destroyed');
  });

  it('refuses at boot a master key that did not wrap the stored keys', async () => {
    await new DataKeyRing(store, master).keyForWriting('c-1');
    await expect(new DataKeyRing(store, other).verifyMasterKeys()).rejects.toThrow(DataKeyError);
    await expect(new DataKeyRing(store, master).verifyMasterKeys()).resolves.toBeUndefined();
  });

  it('rotates: the previous master key unwraps until every key is re-wrapped under the new one', async () => {
    const before = new DataKeyRing(store, master);
    const keys = await Promise.all(['c-1', 'c-2', 'c-3'].map((id) => before.keyForWriting(id)));
    await before.destroy('c-3');

    const during = new DataKeyRing(store, other, [master]);
    expect([...(await during.statesOf(['c-1', 'c-2'])).values()]).toEqual(keys.slice(0, 2));
    // New keys under the new master key meanwhile: a process with only the new key must still refuse to boot.
    await during.keyForWriting('c-4');
    await expect(new DataKeyRing(store, other).verifyMasterKeys()).rejects.toThrow(
      /wrapped by master key [0-9a-f]{16}, which is not configured/,
    );
    await expect(during.verifyMasterKeys()).resolves.toBeUndefined();
    expect(await during.rotate()).toBe(2);
    expect(await during.rotate()).toBe(0);

    const after = new DataKeyRing(store, other);
    await expect(after.verifyMasterKeys()).resolves.toBeUndefined();
    expect([...(await after.statesOf(['c-1', 'c-2', 'c-3'])).values()]).toEqual([
      ...keys.slice(0, 2),
      { kind: 'destroyed' },
    ]);
    expect((await after.statesOf(['c-4'])).get('c-4')?.kind).toBe('live');
    await expect(new DataKeyRing(store, master).statesOf(['c-1'])).rejects.toThrow(/not configured/);
  });

  it('a wrapped key copied onto another client does not unwrap', async () => {
    await new DataKeyRing(store, master).keyForWriting('c-1');
    const [row] = (await store.get(['c-1'])).values();
    await store.insertIfAbsent([
      { subject: 'c-2', version: 1, kekId: master.id, wrapped: row.wrapped as Buffer, createdAt: 'x' },
    ]);
    await expect(new DataKeyRing(store, master).statesOf(['c-2'])).rejects.toThrow(DecryptionError);
  });
});
