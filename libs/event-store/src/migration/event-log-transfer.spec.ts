import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestSchema, describeWithPostgres, onboardClient, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import type { EventStore } from '../event-store.port';
import { loadMasterKey } from '../encryption/master-key';
import { openEventStore, type EventStoreModuleOptions } from '../nest/event-store.module';
import { EventLogFormatError } from './event-log-record';
import type { EventLogTable } from './event-log-table';
import { exportEventLog, importEventLog } from './event-log-transfer';
import { openEventLogTable } from './open-event-log-table';

const SECRET = 'event-log-transfer-spec-master-key-0123456789';
const MASTER_KEY_IDS = [loadMasterKey({ secret: SECRET }).id];

const sqlite = (path: string): EventStoreModuleOptions => ({
  kind: 'sqlite',
  path,
  durable: false,
  dataKeys: { master: { secret: SECRET } },
});

const withStore = async <T>(options: EventStoreModuleOptions, work: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await openEventStore(options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};

const withTable = async <T>(
  options: EventStoreModuleOptions,
  work: (table: EventLogTable) => Promise<T>,
): Promise<T> => {
  const table = await openEventLogTable(options, 'spec');
  try {
    return await work(table);
  } finally {
    await table.close();
  }
};

const contentOf = (options: EventStoreModuleOptions) =>
  withTable(options, async (table) => ({
    keys: await table.dataKeys('', 10_000),
    events: await table.events(0n, await table.headPosition(), 10_000),
  }));

const CLIENTS = ['01a00000-0000-7000-8000-000000000001', '01a00000-0000-7000-8000-000000000002'];

describe('event-log export and import (SQLite)', () => {
  const dir = scratchDir('event-log-transfer');
  const source = sqlite(join(dir.path, 'source.sqlite'));
  const file = join(dir.path, 'log.ndjson');

  beforeAll(async () => {
    await withStore(source, async (store) => {
      for (const id of CLIENTS) await onboardClient(store, id, '2026-03-02T09:00:00.000Z');
    });
    await withTable(source, (table) => exportEventLog(table, file));
  });
  afterAll(() => dir.cleanup());

  /** The export with its lines passed through `edit`, written beside it. */
  const edited = (name: string, edit: (lines: string[]) => string[]): string => {
    const path = join(dir.path, name);
    writeFileSync(path, `${edit(readFileSync(file, 'utf8').trimEnd().split('\n')).join('\n')}\n`);
    return path;
  };

  it('imports every event and key as stored, and the copy reads and continues the log', async () => {
    const copy = sqlite(join(dir.path, 'copy.sqlite'));
    const summary = await withTable(copy, (table) => importEventLog(table, file, { masterKeyIds: MASTER_KEY_IDS }));
    expect(summary).toEqual({ dataKeys: 2, events: 4, lastPosition: 4n });
    expect(await contentOf(copy)).toEqual(await contentOf(source));
    // Sealed on disk, readable through the store with the same master key.
    expect(JSON.stringify((await contentOf(copy)).events)).not.toContain('Test Client');
    await withStore(copy, async (store) => {
      expect(JSON.stringify((await store.readAll()).map((event) => event.data))).toContain('Test Client');
      await onboardClient(store, '01a00000-0000-7000-8000-000000000003', '2026-03-03T09:00:00.000Z');
      expect(await store.headPosition()).toBe(6n);
    });
  });

  it('refuses a store that is not empty, another master key, and a file of another kind, before writing', async () => {
    await expect(
      withTable(source, (table) => importEventLog(table, file, { masterKeyIds: MASTER_KEY_IDS })),
    ).rejects.toThrow('the target store is not empty');
    const empty = sqlite(join(dir.path, 'empty.sqlite'));
    await expect(
      withTable(empty, (table) => importEventLog(table, file, { masterKeyIds: ['0123456789abcdef'] })),
    ).rejects.toThrow(`wrapped by master key ${MASTER_KEY_IDS[0]}`);
    const notALog = edited('not-a-log.ndjson', (lines) => lines.slice(1));
    await expect(
      withTable(empty, (table) => importEventLog(table, notALog, { masterKeyIds: MASTER_KEY_IDS })),
    ).rejects.toThrow('is not an event-log export');
    expect(await contentOf(empty)).toEqual({ keys: [], events: [] });
  });

  it.each([
    ['cut short', (lines: string[]) => lines.slice(0, -1), 'ends without its trailer'],
    [
      'with an event out of order',
      (lines: string[]) => [...lines.slice(0, 3), lines[4], lines[3], ...lines.slice(5)],
      'positions must increase',
    ],
    [
      'with a key after the events',
      (lines: string[]) => [lines[0], lines[2], lines[3], lines[1], ...lines.slice(4)],
      'a data key after events',
    ],
    [
      'with a line that is not JSON',
      (lines: string[]) => [...lines.slice(0, 4), '{"kind":"event",', ...lines.slice(5)],
      'line 5: is not JSON',
    ],
    [
      'with a key the header does not list',
      (lines: string[]) => [lines[0].replace(/"masterKeyIds":\[[^\]]*\]/, '"masterKeyIds":[]'), ...lines.slice(1)],
      'a master key the header does not list',
    ],
    [
      'with a missing event',
      (lines: string[]) => [...lines.slice(0, 4), ...lines.slice(5)],
      'the trailer does not match',
    ],
  ])('rolls back a file %s, leaving the store empty', async (name, edit, problem) => {
    const target = sqlite(join(dir.path, `${name.replace(/ /g, '-')}.sqlite`));
    const path = edited(`${name.replace(/ /g, '-')}.ndjson`, edit);
    const failure = withTable(target, (table) => importEventLog(table, path, { masterKeyIds: MASTER_KEY_IDS }));
    await expect(failure).rejects.toThrow(EventLogFormatError);
    await expect(failure).rejects.toThrow(problem);
    expect(await contentOf(target)).toEqual({ keys: [], events: [] });
  });
});

describeWithPostgres('event-log export and import (PostgreSQL)', () => {
  const dir = scratchDir('event-log-transfer-pg');
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
    dir.cleanup();
  });

  const postgres = async (): Promise<EventStoreModuleOptions> => {
    const { schema, drop } = await createTestSchema('crm_event_log');
    drops.push(drop);
    return { kind: 'postgres', connectionString: POSTGRES_TEST_URL, schema, dataKeys: { master: { secret: SECRET } } };
  };

  it('SQLite → PostgreSQL → SQLite keeps the log and the keys, and PostgreSQL continues the log', async () => {
    const source = sqlite(join(dir.path, 'source.sqlite'));
    await withStore(source, async (store) => {
      for (const id of CLIENTS) await onboardClient(store, id, '2026-03-02T09:00:00.000Z');
    });
    const target = await postgres();
    const there = join(dir.path, 'there.ndjson');
    const back = join(dir.path, 'back.ndjson');
    await withTable(source, (table) => exportEventLog(table, there));
    await withTable(target, (table) => importEventLog(table, there, { masterKeyIds: MASTER_KEY_IDS }));
    expect(await contentOf(target)).toEqual(await contentOf(source));

    const copy = sqlite(join(dir.path, 'copy.sqlite'));
    await withTable(target, (table) => exportEventLog(table, back));
    await withTable(copy, (table) => importEventLog(table, back, { masterKeyIds: MASTER_KEY_IDS }));
    expect(await contentOf(copy)).toEqual(await contentOf(source));

    await withStore(target, async (store) => {
      expect(JSON.stringify((await store.readAll()).map((event) => event.data))).toContain('Test Client');
      await onboardClient(store, CLIENTS[0].replace(/1$/, '9'), '2026-03-03T09:00:00.000Z');
      const appended = await store.readAll({ after: 4n });
      expect(appended.map((event) => [event.position, event.revision])).toEqual([
        [5n, 0],
        [6n, 1],
      ]);
    });
  });
});
