import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { ClientEvent } from '@crm/domain';
import {
  createTestSchema,
  describeWithPostgres,
  eventStoreContract,
  eventually,
  POSTGRES_TEST_URL,
  sampleNewEvent,
} from '@crm/testing';
import { quoteIdentifier } from '@crm/sql';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { dataKeyLocationOf, openEventStore, type EventStoreModuleOptions } from '../nest/event-store.module';
import { PostgresEventStore } from '../postgres/postgres.event-store';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import { DecryptionError } from './aes-gcm';
import { DataKeyError } from './data-key-ring';
import { EncryptingEventStore, isPersonalDataShredder } from './encrypting-event-store';
import { isEnvelope } from './field-envelope';
import { isPersonalDataToken } from './personal-data-token';
import { SqliteDataKeyStore } from './sqlite.data-key-store';
import type { DataKeyOptions } from './open-encryption';

const DATA_KEYS: DataKeyOptions = { master: { secret: 'unit-test-master-key-of-at-least-32-bytes!' } };

/** Distinctive values, so a byte scan can tell whether any of them survived. */
const SECRET = {
  legalName: 'Qzvx Precision Tools Co., Ltd.',
  registrationNo: '91310000QZVX0001X',
  phone: '+86 21 5550 9917',
  email: 'cfo@qzvx-tools.example',
  referredBy: 'Referrer Qzvx Wu',
  summary: 'Qzvx CFO mentioned a pending divorce',
  comment: 'Qzvx owner moved assets to his brother',
};

const registration = (clientId: string): ClientEvent => ({
  type: 'ProspectRegistered',
  data: {
    clientId,
    branchId: 'BR-1',
    segment: 'corporate',
    industry: 'manufacturing',
    legalName: SECRET.legalName,
    registrationNo: SECRET.registrationNo,
    contact: { phone: SECRET.phone, email: SECRET.email },
    source: 'referral',
    referredBy: SECRET.referredBy,
  },
});

const contact = (contactId: string): ClientEvent => ({
  type: 'ContactLogged',
  data: {
    contactId,
    managerId: 'M-1',
    channel: 'visit',
    purpose: 'relationship',
    summary: SECRET.summary,
    occurredAt: '2026-01-10T09:00:00.000Z',
  },
});

const rating: ClientEvent = {
  type: 'CreditRatingChanged',
  data: { from: null, to: 'BBB', notches: 0, reason: 'initial' },
};
const erasure: ClientEvent = { type: 'PersonalDataErased', data: { requestedBy: 'u-dpo', basis: 'PIPL art. 47' } };

const newEvent = (event: ClientEvent): NewEvent => sampleNewEvent(event.type, event.data);

const dataOf = (events: readonly RecordedEvent[], type: string): Record<string, unknown> =>
  events.find((event) => event.type === type)?.data as Record<string, unknown>;

const expectNoSecret = (text: string): void => {
  for (const value of Object.values(SECRET)) expect([value, text.includes(value)]).toEqual([value, false]);
};

/** Every byte of every file in `dir`, as UTF-8 and as UTF-16LE needles. */
const scanDirectory = (dir: string): string[] => {
  const found: string[] = [];
  for (const file of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, file));
    for (const value of Object.values(SECRET)) {
      if (bytes.includes(Buffer.from(value, 'utf8')) || bytes.includes(Buffer.from(value, 'utf16le')))
        found.push(`${file}: ${value}`);
    }
  }
  return found;
};

type Harness = Readonly<{
  options: EventStoreModuleOptions;
  /** The stored text of the events and key rows, as the database holds it. */
  storedText: () => Promise<string>;
  cleanup: () => Promise<void>;
}>;

/** The decorator's behaviour on one engine; `harness` gives fresh storage per test. */
const encryptionSuite = (
  name: string,
  harness: () => Promise<Harness>,
  plain: (options: EventStoreModuleOptions) => Promise<EventStore>,
) => {
  describe(`EncryptingEventStore on ${name}`, () => {
    let h: Harness;
    const opened: EventStore[] = [];
    const open = async (): Promise<EncryptingEventStore> => {
      const store = await openEventStore(h.options);
      opened.push(store);
      if (!(store instanceof EncryptingEventStore)) throw new Error('expected an encrypting store');
      return store;
    };

    beforeEach(async () => {
      h = await harness();
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      await h.cleanup();
    });

    it('stores personal fields sealed and reads them back in the clear, everywhere', async () => {
      const store = await open();
      const clientId = uuidv7();
      const stream = `client-${clientId}`;
      await store.appendToStream(
        stream,
        [newEvent(registration(clientId)), newEvent(contact('k-1')), newEvent(rating)],
        { expectedRevision: 'no_stream' },
      );

      const stored = await h.storedText();
      expectNoSecret(stored);
      expect(stored).toContain('"$enc"');
      // Business facts stay queryable in the clear.
      expect(stored).toContain('manufacturing');
      expect(stored).toContain('BBB');

      const read = await store.readStream(stream);
      expect(dataOf(read, 'ProspectRegistered')).toEqual(registration(clientId).data);
      expect(dataOf(read, 'ContactLogged')).toEqual(contact('k-1').data);
      expect(dataOf(await store.readAll(), 'ContactLogged')).toEqual(contact('k-1').data);

      const delivered: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: 0n }, async (batch) => {
        delivered.push(...batch);
      });
      await subscription.caughtUp;
      await subscription.stop();
      expect(dataOf(delivered, 'ProspectRegistered')).toEqual(registration(clientId).data);
    });

    it('passes other streams through untouched', async () => {
      const store = await open();
      const written = sampleNewEvent('ManagerRegistered', {
        managerId: 'M-1',
        name: 'Zhang Min',
        branchId: 'BR-1',
        level: 'senior',
      });
      await store.appendToStream('manager-M-1', [written], { expectedRevision: 'no_stream' });
      expect(await h.storedText()).toContain('Zhang Min');
      expect((await store.readStream('manager-M-1'))[0].data).toEqual(written.data);
    });

    it('an exact retry of an append (fresh ciphertext, same event ids) is still the same append', async () => {
      const store = await open();
      const clientId = uuidv7();
      const events = [newEvent(registration(clientId)), newEvent(contact('k-1'))];
      const first = await store.appendToStream(`client-${clientId}`, events, { expectedRevision: 'no_stream' });
      const again = await store.appendToStream(`client-${clientId}`, events, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      expect(await store.readStream(`client-${clientId}`)).toHaveLength(2);
    });

    it('erasure destroys the key: every personal field reads [erased], business facts stay, other clients are untouched', async () => {
      const store = await open();
      const [erased, kept] = [uuidv7(), uuidv7()];
      for (const clientId of [erased, kept]) {
        await store.appendToStream(
          `client-${clientId}`,
          [newEvent(registration(clientId)), newEvent(contact('k-1')), newEvent(rating)],
          {
            expectedRevision: 'no_stream',
          },
        );
      }
      await store.appendToStream(`client-${erased}`, [newEvent(erasure)], { expectedRevision: 2 });

      for (const reader of [store, await open()]) {
        const read = await reader.readStream(`client-${erased}`);
        expect(dataOf(read, 'ProspectRegistered')).toEqual({
          ...registration(erased).data,
          legalName: '[erased]',
          registrationNo: '[erased]',
          contact: { phone: '[erased]', email: '[erased]' },
          referredBy: '[erased]',
        });
        expect(dataOf(read, 'ContactLogged')).toMatchObject({
          summary: '[erased]',
          occurredAt: '2026-01-10T09:00:00.000Z',
        });
        expect(dataOf(read, 'CreditRatingChanged')).toEqual(rating.data);
        expect(dataOf(read, 'PersonalDataErased')).toEqual(erasure.data);
        expect(dataOf(await reader.readStream(`client-${kept}`), 'ProspectRegistered')).toEqual(
          registration(kept).data,
        );
      }
      expect(isPersonalDataShredder(store)).toBe(true);
    });

    it("seals a risk case comment with its client's key, and erasing the client erases it", async () => {
      const store = await open();
      const clientId = uuidv7();
      const caseStream = `risk-case-${clientId}.1`;
      await store.appendToStream(`client-${clientId}`, [newEvent(registration(clientId))], {
        expectedRevision: 'no_stream',
      });
      const commented = sampleNewEvent('RiskCaseCommented', {
        caseId: `${clientId}.1`,
        clientId,
        commentId: 'k-1',
        text: SECRET.comment,
        author: 'u-ro',
        commentedAt: '2026-01-10T09:00:00.000Z',
      });
      await store.appendToStream(caseStream, [commented], { expectedRevision: 'no_stream' });
      expectNoSecret(await h.storedText());
      expect((await store.readStream(caseStream))[0].data).toEqual(commented.data);

      await store.appendToStream(`client-${clientId}`, [newEvent(erasure)], { expectedRevision: 0 });
      for (const reader of [store, await open()]) {
        expect((await reader.readStream(caseStream))[0].data).toEqual({
          ...(commented.data as object),
          text: '[erased]',
        });
      }
    });

    it('a process that cached the key sees the erasure as soon as it reads the erasure event', async () => {
      const eraser = await open();
      const other = await open();
      const clientId = uuidv7();
      await eraser.appendToStream(`client-${clientId}`, [newEvent(registration(clientId))], {
        expectedRevision: 'no_stream',
      });
      expect(dataOf(await other.readStream(`client-${clientId}`), 'ProspectRegistered').legalName).toBe(
        SECRET.legalName,
      );

      await eraser.appendToStream(`client-${clientId}`, [newEvent(erasure)], { expectedRevision: 0 });
      // The stream read includes the erasure, which evicts the cached key before anything is opened.
      expect(dataOf(await other.readStream(`client-${clientId}`), 'ProspectRegistered').legalName).toBe('[erased]');
      expect(
        dataOf(await other.readStream(`client-${clientId}`, { maxCount: 1 }), 'ProspectRegistered').legalName,
      ).toBe('[erased]');
    });

    it('gives the read models sealed fields as tokens and erased ones as [erased], without unwrapping or keeping a key', async () => {
      const writer = await open();
      const [kept, erased] = [uuidv7(), uuidv7()];
      for (const clientId of [kept, erased]) {
        await writer.appendToStream(`client-${clientId}`, [newEvent(registration(clientId))], {
          expectedRevision: 'no_stream',
        });
      }
      await writer.appendToStream(`client-${erased}`, [newEvent(erasure)], { expectedRevision: 0 });
      // On PostgreSQL a store reads the log's safe prefix, which any transaction open elsewhere in
      // the cluster holds back, and waits only for its own writes: the writer's head waits for these.
      await writer.headPosition();

      const reader = await open();
      const events = await reader.forReadModels().readAll();
      const registered = (clientId: string) =>
        events.find((event) => event.streamId === `client-${clientId}` && event.type === 'ProspectRegistered')
          ?.data as Record<string, unknown>;
      expect(isPersonalDataToken(registered(kept).legalName)).toBe(true);
      expectNoSecret(JSON.stringify(registered(kept)));
      expect(registered(erased).legalName).toBe('[erased]');
      // A catch-up through every client would otherwise fill the reads' key cache.
      expect(reader.keyRing.cachedState(kept)).toBeUndefined();
      expect(await reader.personalDataOpener().openAll(registered(kept).legalName)).toBe(SECRET.legalName);
    });

    it('nothing personal is stored again after erasure, even if a decider let it through', async () => {
      const store = await open();
      const clientId = uuidv7();
      await store.appendToStream(`client-${clientId}`, [newEvent(registration(clientId)), newEvent(erasure)], {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(`client-${clientId}`, [newEvent(contact('k-2'))], { expectedRevision: 1 });
      expectNoSecret(await h.storedText());
      expect(dataOf(await store.readStream(`client-${clientId}`), 'ContactLogged').summary).toBe('[erased]');
    });

    it('erasure rewrites personal fields stored in plaintext before encryption was switched on', async () => {
      const clientId = uuidv7();
      const legacy = await plain(h.options);
      await legacy.appendToStream(
        `client-${clientId}`,
        [newEvent(registration(clientId)), newEvent(contact('k-1')), newEvent(rating)],
        {
          expectedRevision: 'no_stream',
        },
      );
      await legacy.close();
      expect(await h.storedText()).toContain(SECRET.summary);

      const store = await open();
      // Not erased: old plaintext reads as it was stored.
      expect(dataOf(await store.readStream(`client-${clientId}`), 'ContactLogged').summary).toBe(SECRET.summary);
      await store.appendToStream(`client-${clientId}`, [newEvent(erasure)], { expectedRevision: 2 });

      const stored = await h.storedText();
      expectNoSecret(stored);
      expect(stored).toContain('manufacturing');
      const read = await store.readStream(`client-${clientId}`);
      expect(dataOf(read, 'ProspectRegistered')).toMatchObject({
        legalName: '[erased]',
        contact: { phone: '[erased]', email: '[erased]' },
      });
      expect(dataOf(read, 'CreditRatingChanged')).toEqual(rating.data);
    });

    it('seals the plaintext of events written before encryption in place, online and repeatably', async () => {
      const [legacyClient, newClient] = [uuidv7(), uuidv7()];
      const legacy = await plain(h.options);
      await legacy.appendToStream(
        `client-${legacyClient}`,
        [newEvent(registration(legacyClient)), newEvent(contact('k-1')), newEvent(rating)],
        {
          expectedRevision: 'no_stream',
        },
      );
      await legacy.appendToStream(
        'manager-M-9',
        [
          sampleNewEvent('ManagerRegistered', {
            managerId: 'M-9',
            name: 'Zhang Min',
            branchId: 'BR-1',
            level: 'senior',
          }),
        ],
        {
          expectedRevision: 'no_stream',
        },
      );
      await legacy.close();

      const store = await open();
      await store.appendToStream(`client-${newClient}`, [newEvent(registration(newClient))], {
        expectedRevision: 'no_stream',
      });
      const before = await store.readAll();
      expect(await store.encryptExistingEvents()).toEqual({ streams: 2, events: 2 });
      expect(await store.encryptExistingEvents()).toEqual({ streams: 2, events: 0 });

      const stored = await h.storedText();
      expectNoSecret(stored);
      expect(stored).toContain('Zhang Min');
      expect(await store.readAll()).toEqual(before);
      expect(await (await open()).readAll()).toEqual(before);
      // Sealed like any other: erasure now only needs the key destroyed.
      await store.appendToStream(`client-${legacyClient}`, [newEvent(erasure)], { expectedRevision: 2 });
      expect(dataOf(await store.readStream(`client-${legacyClient}`), 'ContactLogged').summary).toBe('[erased]');
    });

    it('finishes an erasure interrupted between the append and the key destruction', async () => {
      const clientId = uuidv7();
      const first = await open();
      await first.appendToStream(`client-${clientId}`, [newEvent(registration(clientId))], {
        expectedRevision: 'no_stream',
      });
      // As the process would leave it had it died right after appending: intent recorded, key alive.
      const keys = (
        first as unknown as { keys: { store: { markErasureRequested: (s: string, at: string) => Promise<void> } } }
      ).keys;
      await keys.store.markErasureRequested(clientId, new Date(Date.now() - 1000).toISOString());
      const raw = await plain(h.options);
      await raw.appendToStream(`client-${clientId}`, [newEvent(erasure)], { expectedRevision: 0 });
      await raw.close();
      await first.close();

      // The next process finishes it when it opens the store, before serving anything.
      const next = await open();
      expect(dataOf(await next.readStream(`client-${clientId}`), 'ProspectRegistered').legalName).toBe('[erased]');
      expect(await next.recoverInterruptedErasures()).toEqual([]);
    });

    it('drops an abandoned intent whose event was never appended', async () => {
      const store = await open();
      const clientId = uuidv7();
      await store.appendToStream(`client-${clientId}`, [newEvent(registration(clientId))], {
        expectedRevision: 'no_stream',
      });
      const keys = (
        store as unknown as { keys: { store: { markErasureRequested: (s: string, at: string) => Promise<void> } } }
      ).keys;
      await keys.store.markErasureRequested(clientId, new Date(Date.now() - 120_000).toISOString());
      expect(await store.recoverInterruptedErasures()).toEqual([]);
      expect(dataOf(await store.readStream(`client-${clientId}`), 'ProspectRegistered').legalName).toBe(
        SECRET.legalName,
      );
    });

    it('ciphertext moved to another client fails loudly rather than showing the wrong data', async () => {
      const store = await open();
      const [a, b] = [uuidv7(), uuidv7()];
      await store.appendToStream(`client-${a}`, [newEvent(registration(a))], { expectedRevision: 'no_stream' });
      const sealed = (await plain(h.options).then(async (raw) => {
        const [event] = await raw.readStream(`client-${a}`);
        await raw.close();
        return event.data as Record<string, unknown>;
      })) as Record<string, unknown>;
      expect(isEnvelope(sealed.legalName)).toBe(true);
      await store.appendToStream(`client-${b}`, [newEvent(registration(b))], { expectedRevision: 'no_stream' });
      const raw = await plain(h.options);
      await raw.appendToStream(
        `client-${b}`,
        [sampleNewEvent('ProspectRegistered', { ...registration(b).data, legalName: sealed.legalName })],
        {
          expectedRevision: 0,
        },
      );
      await raw.close();
      await expect(store.readStream(`client-${b}`)).rejects.toThrow(DecryptionError);
    });

    it('the log opens a field on its first read: a moved ciphertext fails there, a missing key at once', async () => {
      const store = await open();
      const [a, b, orphan] = [uuidv7(), uuidv7(), uuidv7()];
      await store.appendToStream(`client-${a}`, [newEvent(registration(a)), newEvent(contact('k-1'))], {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(`client-${b}`, [newEvent(registration(b))], { expectedRevision: 'no_stream' });
      const raw = await plain(h.options);
      const [registered, contacted] = await raw.readStream(`client-${a}`);
      const summary = (contacted.data as Record<string, unknown>).summary;
      await raw.appendToStream(`client-${b}`, [sampleNewEvent('ContactLogged', { ...contact('k-2').data, summary })], {
        expectedRevision: 0,
      });
      // Another store's append: on PostgreSQL readAll waits only for its own store's writes to pass the
      // cluster's visibility horizon, and a concurrent spec's transaction can hold it back.
      await raw.headPosition();
      await expect(store.readStream(`client-${b}`)).rejects.toThrow(DecryptionError);

      const moved = (events: readonly RecordedEvent[]): Record<string, unknown> =>
        events.filter((event) => event.streamId === `client-${b}`)[1].data as Record<string, unknown>;
      const delivered: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: 0n }, async (batch) => {
        delivered.push(...batch);
      });
      await subscription.caughtUp;
      await subscription.stop();
      for (const data of [moved(await store.readAll()), moved(delivered)]) {
        expect(data.contactId).toBe('k-2');
        expect(() => data.summary).toThrow(DecryptionError);
      }
      expect(dataOf(await store.readAll(), 'ContactLogged')).toEqual(contact('k-1').data);

      await raw.appendToStream(
        `client-${orphan}`,
        [{ ...sampleNewEvent('ProspectRegistered'), data: registered.data }],
        {
          expectedRevision: 'no_stream',
        },
      );
      await raw.headPosition();
      await raw.close();
      await expect(store.readAll()).rejects.toThrow(DataKeyError);
    });

    it('an envelope without its key fails loudly (a lost or mismatched key store), never as [erased]', async () => {
      const store = await open();
      const clientId = uuidv7();
      await store.appendToStream(`client-${clientId}`, [newEvent(registration(clientId))], {
        expectedRevision: 'no_stream',
      });
      const raw = await plain(h.options);
      const [event] = await raw.readStream(`client-${clientId}`);
      await raw.close();
      const orphan = uuidv7();
      const copy = await plain(h.options);
      await copy.appendToStream(`client-${orphan}`, [{ ...sampleNewEvent('ProspectRegistered'), data: event.data }], {
        expectedRevision: 'no_stream',
      });
      await copy.close();
      await expect(store.readStream(`client-${orphan}`)).rejects.toThrow(DataKeyError);
    });

    it('refuses to start with a master key that did not wrap the stored keys', async () => {
      const store = await open();
      const clientId = uuidv7();
      await store.appendToStream(`client-${clientId}`, [newEvent(registration(clientId))], {
        expectedRevision: 'no_stream',
      });
      await expect(
        openEventStore({ ...h.options, dataKeys: { master: { secret: 'another-master-key-of-at-least-32-bytes' } } }),
      ).rejects.toThrow(DataKeyError);
    });

    it('appends concurrently from many writers, each client with its own key', async () => {
      const store = await open();
      const clients = Array.from({ length: 20 }, () => uuidv7());
      await Promise.all(
        clients.map((clientId) =>
          store.appendToStream(`client-${clientId}`, [newEvent(registration(clientId)), newEvent(contact('k-1'))], {
            expectedRevision: 'no_stream',
          }),
        ),
      );
      const all = await store.readAll();
      for (const clientId of clients) {
        expect(
          dataOf(
            all.filter((event) => event.streamId === `client-${clientId}`),
            'ProspectRegistered',
          ).clientId,
        ).toBe(clientId);
      }
      await eventually(async () => all.length === 40);
      expectNoSecret(await h.storedText());
    });
  });
};

// The port's own contract, through the decorator: it must be invisible to every caller.
const sqliteDirs: string[] = [];
afterAll(() => {
  for (const dir of sqliteDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

eventStoreContract('sqlite + encryption', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-enc-contract-'));
  const store = await openEventStore({
    kind: 'sqlite',
    path: join(dir, 'crm.sqlite'),
    durable: false,
    dataKeys: DATA_KEYS,
  });
  return {
    store,
    teardown: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

encryptionSuite(
  'SQLite',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-enc-'));
    sqliteDirs.push(dir);
    const path = join(dir, 'crm.sqlite');
    return {
      options: { kind: 'sqlite', path, durable: false, dataKeys: DATA_KEYS },
      storedText: async () => {
        if (!existsSync(path)) return '';
        const db = new Database(path, { readonly: true });
        try {
          const events = db.prepare('SELECT data FROM events').pluck().all() as string[];
          return events.join('\n');
        } finally {
          db.close();
        }
      },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  async (options) => SqliteEventStore.open((options as { path: string }).path, { synchronous: 'NORMAL' }),
);

describe('where the data keys live', () => {
  it('in the events\u2019 own database; for EventStoreDB in a file of their own beside the (disposable) read models', () => {
    expect(dataKeyLocationOf({ kind: 'sqlite', path: '/d/crm.sqlite', durable: true })).toEqual({
      kind: 'sqlite',
      eventsPath: '/d/crm.sqlite',
    });
    expect(dataKeyLocationOf({ kind: 'postgres', connectionString: 'postgres://x/db', schema: 'crm' })).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://x/db',
      schema: 'crm',
    });
    expect(
      dataKeyLocationOf({
        kind: 'eventstoredb',
        connectionString: 'esdb://x',
        checkpointsPath: '/d/crm.read-models.sqlite',
      }),
    ).toEqual({
      kind: 'sqlite-file',
      path: '/d/crm.data-keys.sqlite',
    });
  });
});

describe('EncryptingEventStore on SQLite: what is left on disk', () => {
  it('after an erasure and a close, no file of the directory holds any personal value, in UTF-8 or UTF-16', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-enc-scan-'));
    try {
      const path = join(dir, 'crm.sqlite');
      // Plaintext from before encryption too: the scrub must reach it, secure_delete and the WAL truncation the rest.
      const legacy = SqliteEventStore.open(path);
      const clientId = uuidv7();
      await legacy.appendToStream(`client-${clientId}`, [newEvent(registration(clientId)), newEvent(contact('k-1'))], {
        expectedRevision: 'no_stream',
      });
      await legacy.close();
      expect(scanDirectory(dir).length).toBeGreaterThan(0);

      const store = await openEventStore({ kind: 'sqlite', path, durable: true, dataKeys: DATA_KEYS });
      await store.appendToStream(`client-${clientId}`, [newEvent(contact('k-2')), newEvent(rating)], {
        expectedRevision: 1,
      });
      // The wrapped key must go too: with the master key, any old copy of it would open the envelopes.
      const keys = SqliteDataKeyStore.open(path);
      const wrapped = (await keys.get([clientId])).get(clientId)?.wrapped;
      await keys.close();
      if (!wrapped) throw new Error('expected a wrapped key');
      const keyTraces = () => readdirSync(dir).filter((file) => readFileSync(join(dir, file)).includes(wrapped));
      expect(keyTraces().length).toBeGreaterThan(0);

      await store.appendToStream(`client-${clientId}`, [newEvent(erasure)], { expectedRevision: 3 });
      expect(scanDirectory(dir)).toEqual([]);
      expect(keyTraces()).toEqual([]);
      await store.close();
      expect(scanDirectory(dir)).toEqual([]);
      expect(keyTraces()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithPostgres('EncryptingEventStore on PostgreSQL', () => {
  const schemas: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of schemas.splice(0)) await drop();
  });

  eventStoreContract('postgres + encryption', async () => {
    const { schema, drop } = await createTestSchema('crm_enc_contract');
    const store = await openEventStore({
      kind: 'postgres',
      connectionString: POSTGRES_TEST_URL,
      schema,
      dataKeys: DATA_KEYS,
    });
    return {
      store,
      teardown: async () => {
        await store.close();
        await drop();
      },
    };
  });

  encryptionSuite(
    'PostgreSQL',
    async () => {
      const { schema, drop } = await createTestSchema('crm_enc');
      return {
        options: { kind: 'postgres', connectionString: POSTGRES_TEST_URL, schema, dataKeys: DATA_KEYS },
        storedText: async () => {
          const client = new Client({ connectionString: POSTGRES_TEST_URL });
          await client.connect();
          try {
            const s = quoteIdentifier(schema);
            const texts = async (table: string): Promise<string[]> => {
              const { rows } = await client.query<{ text: string }>(`SELECT t::text AS text FROM ${s}.${table} t`);
              return rows.map((row) => row.text);
            };
            const { rows } = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
              `${s}.event_data_keys`,
            ]);
            return [...(await texts('events')), ...(rows[0].exists ? await texts('event_data_keys') : [])].join('\n');
          } finally {
            await client.end();
          }
        },
        cleanup: drop,
      };
    },
    async (options) => PostgresEventStore.open(options as { connectionString: string; schema: string }),
  );
});
