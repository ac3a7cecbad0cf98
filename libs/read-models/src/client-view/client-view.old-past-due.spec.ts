import { currentSchemaVersion, DEFAULT_RISK_RULES, type ClientEvent } from '@crm/domain';
import {
  domainUpcasters,
  SqliteEventStore,
  UpcastingEventStore,
  type EventStore,
  type NewEvent,
} from '@crm/event-store';
import { ClientReadModelsProjector } from '../projector/client-read-models.projector';
import { ProjectionRunner } from '../projector/projection-runner';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import type { ClientView } from './client-view';
import { withArrearsAt } from './client-view-arrears';
import { evolveClientView } from './client-view.projection';

/**
 * "A store holding old-shape PaymentPastDue events still projects the same way": the same facts,
 * once stored as version 1 (days past due on the day of the report only) and once as version 2
 * (dated), give the same client view and timeline when the projector reads the log through the
 * upcasting store, as every process opened by openEventStore does.
 */
const CLIENT = '0190a4c2-0000-7000-8000-0000000000a1';
const STREAM = `client-${CLIENT}`;
const TIME_ZONE = 'Asia/Shanghai';
const READING = { timeZone: TIME_ZONE, floors: DEFAULT_RISK_RULES.rules['EW-CLASS-FLOOR'] };

type Fact = Readonly<{
  recordedAt: string;
  event: ClientEvent;
  /** The same report as a version 1 event stored it: no overdueSince. */
  v1?: Readonly<{ facilityId: string; daysPastDue: number; amountOverdue: string }>;
}>;

/** Each past-due report at v2 and at v1; the dates are what a report of that count on that bank day means. */
const FACTS: readonly Fact[] = [
  {
    recordedAt: '2026-01-05T02:00:00.000Z',
    event: {
      type: 'ProspectRegistered',
      data: {
        clientId: CLIENT,
        branchId: 'br-sh-01',
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: 'Shanghai Precision Tools Co., Ltd.',
        registrationNo: '91310000MA1FL0XX1X',
        contact: { phone: '+86 21 5555 0101' },
        source: 'branch_walk_in',
      },
    },
  },
  {
    recordedAt: '2026-01-05T03:00:00.000Z',
    event: { type: 'ProspectConverted', data: { convertedAt: '2026-01-05T03:00:00.000Z', firstProductCode: 'LN-01' } },
  },
  {
    recordedAt: '2026-01-06T02:00:00.000Z',
    event: { type: 'CreditLimitSet', data: { facilityId: 'F-1', limit: '5000000.00', currency: 'CNY' } },
  },
  {
    recordedAt: '2026-01-06T02:01:00.000Z',
    event: { type: 'CreditLimitSet', data: { facilityId: 'F-2', limit: '800000.00', currency: 'CNY' } },
  },
  {
    recordedAt: '2026-01-06T02:02:00.000Z',
    event: { type: 'LoanClassificationChanged', data: { from: null, to: 'normal', reason: 'initial' } },
  },
  {
    // 01:30 on 2 March in Shanghai (still 1 March in UTC): 10 days back is 20 February.
    recordedAt: '2026-03-01T17:30:00.000Z',
    event: {
      type: 'PaymentPastDue',
      data: { facilityId: 'F-1', overdueSince: '2026-02-20', daysPastDue: 10, amountOverdue: '120000.00' },
    },
    v1: { facilityId: 'F-1', daysPastDue: 10, amountOverdue: '120000.00' },
  },
  {
    // 23:59:59 on 20 March in Shanghai: 1 day back is 19 March.
    recordedAt: '2026-03-20T15:59:59.000Z',
    event: {
      type: 'PaymentPastDue',
      data: { facilityId: 'F-2', overdueSince: '2026-03-19', daysPastDue: 1, amountOverdue: '5000.00' },
    },
    v1: { facilityId: 'F-2', daysPastDue: 1, amountOverdue: '5000.00' },
  },
  {
    recordedAt: '2026-04-02T01:00:00.000Z',
    event: { type: 'PastDueCleared', data: { facilityId: 'F-2' } },
  },
  {
    // The same arrear of F-1 reported again on 10 April, grown: 49 days back is still 20 February.
    recordedAt: '2026-04-10T08:00:00.000Z',
    event: {
      type: 'PaymentPastDue',
      data: { facilityId: 'F-1', overdueSince: '2026-02-20', daysPastDue: 49, amountOverdue: '240000.00' },
    },
    v1: { facilityId: 'F-1', daysPastDue: 49, amountOverdue: '240000.00' },
  },
];

const newEvent = (index: number, type: string, data: unknown, schemaVersion: number, at: string): NewEvent => ({
  eventId: `0190a4c2-0000-7000-8000-${String(index + 1).padStart(12, '0')}`,
  type,
  data,
  schemaVersion,
  metadata: {
    occurredAt: at,
    correlationId: `cor-${index}`,
    causationId: `cau-${index}`,
    actor: { userId: 'core-banking', role: 'service' },
  },
});

/** Only Date is faked, so each event is recorded at its fact's instant in both stores. */
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

const write = async (store: EventStore, shape: 'v1' | 'v2'): Promise<void> => {
  for (const [index, { recordedAt, event, v1 }] of FACTS.entries()) {
    const stored =
      shape === 'v1' && v1 !== undefined
        ? newEvent(index, event.type, v1, 1, recordedAt)
        : newEvent(index, event.type, event.data, currentSchemaVersion(event.type), recordedAt);
    jest.useFakeTimers({ now: new Date(recordedAt), doNotFake: [...NOT_DATE] });
    try {
      await store.appendToStream(STREAM, [stored], { expectedRevision: index === 0 ? 'no_stream' : index - 1 });
    } finally {
      jest.useRealTimers();
    }
  }
};

type Projected = Readonly<{ view: ClientView | null; timeline: unknown }>;

/** Runs the real projector over `log` into fresh read models, as the projector process does. */
const project = async (log: EventStore): Promise<Projected> => {
  const readModels = SqliteReadModelStore.open(':memory:');
  const runner = new ProjectionRunner(log, readModels, new ClientReadModelsProjector(readModels));
  try {
    await runner.start();
    await runner.caughtUp();
    const view = await readModels.clientViews.getClientView(CLIENT);
    const timeline = await readModels.clientViews.getTimeline(CLIENT, { limit: 100 });
    return { view, timeline };
  } finally {
    await runner.stop();
    await readModels.close();
  }
};

describe('a store holding old-shape PaymentPastDue events', () => {
  let oldStore: SqliteEventStore;
  let newStore: SqliteEventStore;

  beforeAll(async () => {
    oldStore = SqliteEventStore.open(':memory:');
    newStore = SqliteEventStore.open(':memory:');
    await write(oldStore, 'v1');
    await write(newStore, 'v2');
  });

  afterAll(async () => {
    await oldStore.close();
    await newStore.close();
  });

  const upcasting = (store: EventStore): EventStore => new UpcastingEventStore(store, domainUpcasters(TIME_ZONE));

  it('really holds version 1 reports without a date', async () => {
    const reports = (await oldStore.readAll()).filter((event) => event.type === 'PaymentPastDue');
    expect(reports).toHaveLength(3);
    for (const report of reports) {
      expect(report.schemaVersion).toBe(1);
      expect(report.data).not.toHaveProperty('overdueSince');
    }
  });

  it('projects the same client view and timeline as the same facts written at version 2', async () => {
    const fromOld = await project(upcasting(oldStore));
    const fromNew = await project(upcasting(newStore));
    expect(fromNew.view).not.toBeNull();
    expect(fromOld).toEqual(fromNew);
    expect(fromOld.view?.credit.facilities).toEqual([
      {
        id: 'F-1',
        limit: '5000000.00',
        drawn: '0',
        currency: 'CNY',
        overdueSince: '2026-02-20',
        daysPastDue: 49,
        amountOverdue: '240000.00',
      },
      {
        id: 'F-2',
        limit: '800000.00',
        drawn: '0',
        currency: 'CNY',
        overdueSince: null,
        daysPastDue: 0,
        amountOverdue: '0',
      },
    ]);
  });

  it('ages and floors the same way when the view is read', async () => {
    const fromOld = (await project(upcasting(oldStore))).view;
    const fromNew = (await project(upcasting(newStore))).view;
    if (fromOld === null || fromNew === null) throw new Error('expected both views');
    // 1 June 2026 in Shanghai: 101 days since 20 February, over the 90-day floor.
    const at = new Date('2026-06-01T04:00:00.000Z');
    const read = withArrearsAt(fromOld, at, READING);
    expect(read).toEqual(withArrearsAt(fromNew, at, READING));
    expect(read.credit.classificationFloor).toEqual({
      floor: 'substandard',
      facilityId: 'F-1',
      daysPastDue: 101,
      met: false,
    });
  });

  it('is folded the same way by the pure projection, event by event', async () => {
    const fold = async (store: EventStore) => (await store.readAll()).reduce(evolveClientView, null);
    expect(await fold(upcasting(oldStore))).toEqual(await fold(newStore));
  });

  it('would not, read without the upcaster: the views would lack the date and never age', async () => {
    const raw = (await project(oldStore)).view;
    const dated = (await project(upcasting(oldStore))).view;
    expect(raw).not.toEqual(dated);
    expect(raw?.credit.facilities[0]).not.toHaveProperty('overdueSince');
    if (raw === null) throw new Error('expected a view');
    const later = withArrearsAt(raw, new Date('2026-06-01T04:00:00.000Z'), READING);
    expect(later.credit.facilities[0].daysPastDue).toBe(49);
  });
});
