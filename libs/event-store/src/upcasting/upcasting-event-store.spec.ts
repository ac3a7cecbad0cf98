import type { Command, Decider, Event } from '@crm/domain';
import { loadStorageConfig } from '@crm/platform';
import { handleCommand } from '../command-handling/handle-command';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { eventStoreOptions } from '../nest/event-store-options';
import { openEventStore } from '../nest/event-store.module';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';
import { domainUpcasters } from './domain-upcasters';
import { UpcastingEventStore } from './upcasting-event-store';

const TIME_ZONE = 'Asia/Shanghai';
/** 01:30 on 2 March in Shanghai, still 1 March in UTC. */
const RECORDED_AT = '2026-03-01T17:30:00.000Z';
/** The bank's date of RECORDED_AT (2 March) less the 10 days the v1 report gave. */
const OVERDUE_SINCE = '2026-02-20';

const STREAM = 'client-c-1';
const OTHER_STREAM = 'client-c-2';

let ids = 0;
const newEvent = (type: string, data: unknown, schemaVersion: number): NewEvent => {
  ids += 1;
  return {
    eventId: `0190a4c2-0000-7000-8000-${String(ids).padStart(12, '0')}`,
    type,
    data,
    schemaVersion,
    metadata: {
      occurredAt: RECORDED_AT,
      correlationId: `cor-${ids}`,
      causationId: `cau-${ids}`,
      actor: { userId: 'core-banking', role: 'service' },
    },
  };
};

const V1_DATA = { facilityId: 'F-1', daysPastDue: 10, amountOverdue: '5000.00' };

/** Only Date is faked: the store's flush (setImmediate) and subscriptions (setTimeout) run for real. */
const NOT_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/** Appends with the store's clock at `recordedAt`, so the stored recordedAt is known. */
const appendAt = async (store: EventStore, recordedAt: string, streamId: string, events: NewEvent[]) => {
  jest.useFakeTimers({ now: new Date(recordedAt), doNotFake: [...NOT_DATE] });
  try {
    return await store.appendToStream(streamId, events, { expectedRevision: 'any' });
  } finally {
    jest.useRealTimers();
  }
};

const until = async (condition: () => boolean): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the subscription');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('UpcastingEventStore', () => {
  let inner: SqliteEventStore;
  let store: UpcastingEventStore;

  beforeEach(async () => {
    inner = SqliteEventStore.open(':memory:');
    store = new UpcastingEventStore(inner, domainUpcasters(TIME_ZONE));
    await appendAt(inner, '2026-02-01T02:00:00.000Z', STREAM, [
      newEvent('CreditLimitSet', { facilityId: 'F-1', limit: '1000000.00', currency: 'CNY' }, 1),
    ]);
    // Written before v2: no overdueSince, schemaVersion 1.
    await appendAt(inner, RECORDED_AT, STREAM, [newEvent('PaymentPastDue', V1_DATA, 1)]);
    // Written at v2: its date is the fact, even where it does not agree with the count and recordedAt.
    await appendAt(inner, '2026-03-05T03:00:00.000Z', STREAM, [
      newEvent(
        'PaymentPastDue',
        { facilityId: 'F-1', overdueSince: '2026-01-05', daysPastDue: 3, amountOverdue: '6000.00' },
        2,
      ),
      newEvent('PastDueCleared', { facilityId: 'F-1' }, 1),
    ]);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await store.close();
  });

  const expectCurrentShape = (upcast: readonly RecordedEvent[], stored: readonly RecordedEvent[]): void => {
    expect(upcast).toHaveLength(stored.length);
    upcast.forEach((event, index) => {
      const original = stored[index];
      if (original.type === 'PaymentPastDue' && original.schemaVersion === 1) {
        expect(event).toEqual({
          ...original,
          data: { ...(original.data as object), overdueSince: expect.any(String) },
          schemaVersion: 2,
        });
      } else {
        expect(event).toEqual(original);
      }
    });
  };

  it('reads a v1 PaymentPastDue of a stream dated in the bank zone, at schema version 2', async () => {
    const events = await store.readStream(STREAM);
    expect(events.map((event) => [event.type, event.schemaVersion])).toEqual([
      ['CreditLimitSet', 1],
      ['PaymentPastDue', 2],
      ['PaymentPastDue', 2],
      ['PastDueCleared', 1],
    ]);
    expect(events[1].recordedAt).toBe(RECORDED_AT);
    expect(events[1].data).toEqual({ ...V1_DATA, overdueSince: OVERDUE_SINCE });
    expectCurrentShape(events, await inner.readStream(STREAM));
  });

  it('passes every other event through unchanged: other types, and PaymentPastDue already at v2', async () => {
    const [limit, , current, cleared] = await store.readStream(STREAM);
    const [storedLimit, , storedCurrent, storedCleared] = await inner.readStream(STREAM);
    expect(limit).toEqual(storedLimit);
    expect(current).toEqual(storedCurrent);
    expect(current.data).toEqual({
      facilityId: 'F-1',
      overdueSince: '2026-01-05',
      daysPastDue: 3,
      amountOverdue: '6000.00',
    });
    expect(cleared).toEqual(storedCleared);
  });

  it('honours the read options of the inner store', async () => {
    const [fromRevision] = await store.readStream(STREAM, { fromRevision: 1, maxCount: 1 });
    expect(fromRevision).toMatchObject({ revision: 1, schemaVersion: 2, data: { overdueSince: OVERDUE_SINCE } });
    const [afterPosition] = await store.readAll({ after: 1n, maxCount: 1 });
    expect(afterPosition).toMatchObject({ position: 2n, schemaVersion: 2, data: { overdueSince: OVERDUE_SINCE } });
  });

  it('reads the global log in the current shape, across streams', async () => {
    await appendAt(inner, '2026-03-01T15:59:59.000Z', OTHER_STREAM, [
      newEvent('PaymentPastDue', { facilityId: 'F-9', daysPastDue: 1, amountOverdue: '1.00' }, 1),
    ]);
    const all = await store.readAll();
    const stored = await inner.readAll();
    expectCurrentShape(all, stored);
    // 23:59:59 in Shanghai is still 1 March there: one day back is the last day of February.
    expect(all.filter((event) => event.type === 'PaymentPastDue').map((event) => event.data)).toEqual([
      { ...V1_DATA, overdueSince: OVERDUE_SINCE },
      { facilityId: 'F-1', overdueSince: '2026-01-05', daysPastDue: 3, amountOverdue: '6000.00' },
      { facilityId: 'F-9', daysPastDue: 1, amountOverdue: '1.00', overdueSince: '2026-02-28' },
    ]);
  });

  it('dates by the zone it was given: in UTC the same report began a day earlier', async () => {
    const utc = new UpcastingEventStore(inner, domainUpcasters('UTC'));
    const [, pastDue] = await utc.readStream(STREAM);
    expect(pastDue.data).toEqual({ ...V1_DATA, overdueSince: '2026-02-19' });
  });

  it('delivers subscribed batches in the current shape, caught up and live', async () => {
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ after: 0n, batchSize: 2 }, async (batch) => {
      seen.push(...batch);
    });
    try {
      await subscription.caughtUp;
      expectCurrentShape(seen, await inner.readAll());
      expect(seen[1].data).toEqual({ ...V1_DATA, overdueSince: OVERDUE_SINCE });

      // A late writer of the old shape (a process not yet upgraded) is upcast as well.
      await appendAt(inner, '2026-03-10T16:00:00.000Z', OTHER_STREAM, [
        newEvent('PaymentPastDue', { facilityId: 'F-9', daysPastDue: 30, amountOverdue: '2.00' }, 1),
      ]);
      await until(() => seen.length === 5);
      expect(seen[4]).toMatchObject({
        streamId: OTHER_STREAM,
        schemaVersion: 2,
        data: { facilityId: 'F-9', overdueSince: '2026-02-09', daysPastDue: 30 },
      });
    } finally {
      await subscription.stop();
    }
  });

  it('leaves the stored event as it was written: the inner store still reads v1 without a date', async () => {
    await store.readStream(STREAM);
    await store.readAll();
    const [, stored] = await inner.readStream(STREAM);
    expect(stored).toMatchObject({ type: 'PaymentPastDue', schemaVersion: 1, recordedAt: RECORDED_AT });
    expect(stored.data).toEqual(V1_DATA);
  });

  it('does not change the events the inner store handed over', async () => {
    const stored = await inner.readAll();
    const snapshot = structuredClone(stored);
    const fixed = { readAll: async () => stored } as unknown as EventStore;
    const read = await new UpcastingEventStore(fixed, domainUpcasters(TIME_ZONE)).readAll();
    expect(read[1].data).toEqual({ ...V1_DATA, overdueSince: OVERDUE_SINCE });
    expect(stored).toEqual(snapshot);
  });

  it('appends, checkpoints and reports the head through the inner store, as given', async () => {
    const appended = await store.appendToStream(
      OTHER_STREAM,
      [newEvent('PaymentPastDue', { facilityId: 'F-9', daysPastDue: 2, amountOverdue: '3.00' }, 1)],
      { expectedRevision: 'no_stream' },
    );
    expect(appended).toEqual({ revision: 0, position: 5n });
    const [stored] = await inner.readStream(OTHER_STREAM);
    expect(stored).toMatchObject({ schemaVersion: 1, data: { facilityId: 'F-9', daysPastDue: 2 } });
    expect(stored.data).not.toHaveProperty('overdueSince');
    await store.storeCheckpoint('projector', 4n);
    expect(await inner.getCheckpoint('projector')).toBe(4n);
    expect(await store.getCheckpoint('projector')).toBe(4n);
    expect(await store.headPosition()).toBe(5n);
  });

  it('gives command handling over it the current shape of an old stream', async () => {
    type PastDueEvent = Event<'PaymentPastDue', { facilityId: string; overdueSince: string }>;
    type Observe = Command<'Observe', Record<string, never>>;
    const dates: Decider<readonly string[], Observe, PastDueEvent> = {
      initialState: () => [],
      evolve: (state, event) => (event.type === 'PaymentPastDue' ? [...state, event.data.overdueSince] : state),
      decide: () => [],
    };
    const result = await handleCommand(
      store,
      STREAM,
      dates,
      { type: 'Observe', data: {}, metadata: { now: RECORDED_AT, actor: { userId: 'u-1', role: 'risk_officer' } } },
      { correlationId: 'c', causationId: 'c', actor: { userId: 'u-1', role: 'risk_officer' } },
    );
    expect(result.state).toEqual([OVERDUE_SINCE, '2026-01-05']);
  });
});

describe('openEventStore with upcasters', () => {
  it('reads old PaymentPastDue events dated in the zone of the configuration', async () => {
    const config = loadStorageConfig({ BANK_TIME_ZONE: 'UTC' });
    const { upcasters } = eventStoreOptions(config);
    const store = await openEventStore({ kind: 'sqlite', path: ':memory:', durable: false, upcasters });
    try {
      await appendAt(store, RECORDED_AT, STREAM, [newEvent('PaymentPastDue', V1_DATA, 1)]);
      const [event] = await store.readStream(STREAM);
      expect(event).toMatchObject({ schemaVersion: 2, data: { ...V1_DATA, overdueSince: '2026-02-19' } });
    } finally {
      await store.close();
    }
  });

  it('dates in Asia/Shanghai when BANK_TIME_ZONE is not set', () => {
    const { upcasters } = eventStoreOptions(loadStorageConfig({}));
    expect(upcasters?.upcast('PaymentPastDue', 1, V1_DATA, { recordedAt: RECORDED_AT })).toEqual({
      ...V1_DATA,
      overdueSince: OVERDUE_SINCE,
    });
  });
});
