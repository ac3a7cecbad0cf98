import { clientStreamId, type RiskEvent } from '@crm/domain';
import { SqliteEventStore } from '@crm/event-store';
import { InMemoryRiskStateStore } from '../state/in-memory.risk-state-store';
import { ComplaintDeadlineKeeper } from './complaint-deadline-keeper';

const CLIENT = '0190a4c2-0000-7000-8000-0000000000cc';
const metadata = {
  occurredAt: '2026-04-03T02:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  actor: { userId: 'u-1', role: 'relationship_manager' },
};
const RECEIVED = {
  complaintId: 'cp-1',
  category: 'fees',
  text: 'Charged twice',
  severity: 'high',
  receivedAt: '2026-04-03T02:00:00.000Z',
  acknowledgeBy: '2026-04-08T02:00:00.000Z',
  dueBy: '2026-04-18T02:00:00.000Z',
};
const risk = (type: string, data: Record<string, unknown>): RiskEvent => ({
  eventId: `e-${type}`,
  type,
  occurredAt: metadata.occurredAt,
  data,
});

describe('ComplaintDeadlineKeeper', () => {
  let store: SqliteEventStore;
  let keeper: ComplaintDeadlineKeeper;

  beforeEach(async () => {
    store = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
    keeper = new ComplaintDeadlineKeeper(store, new InMemoryRiskStateStore());
    await store.appendToStream(
      clientStreamId(CLIENT),
      [
        {
          eventId: '0190a4c2-0000-7000-8000-0000000000e1',
          type: 'ProspectRegistered',
          schemaVersion: 1,
          data: {
            clientId: CLIENT,
            branchId: 'BR-1',
            segment: 'sme',
            industry: 'retail',
            legalName: 'Acme Ltd',
            registrationNo: 'RN-1',
            contact: { phone: '+8612345678' },
            source: 'branch',
          },
          metadata,
        },
        {
          eventId: '0190a4c2-0000-7000-8000-0000000000e2',
          type: 'ComplaintReceived',
          schemaVersion: 1,
          data: RECEIVED,
          metadata,
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await keeper.follow(CLIENT, risk('ComplaintReceived', RECEIVED));
  });

  afterEach(async () => {
    await store.close();
  });

  const escalations = async () =>
    (await store.readStream(clientStreamId(CLIENT)))
      .filter((event) => event.type === 'ComplaintEscalated')
      .map((event) => (event.data as { deadline: string }).deadline);

  it('escalates each deadline once it has passed, once however often it sweeps', async () => {
    expect(await keeper.sweepOverdue('2026-04-08T02:00:00.000Z')).toBe(0);
    expect(await keeper.sweepOverdue('2026-04-08T02:00:00.001Z')).toBe(1);
    expect(await keeper.sweepOverdue('2026-04-09T00:00:00.000Z')).toBe(0);
    expect(await keeper.sweepOverdue('2026-04-18T02:00:01.000Z')).toBe(1);
    expect(await keeper.sweepOverdue('2026-04-19T00:00:00.000Z')).toBe(0);
    expect(await escalations()).toEqual(['acknowledgement', 'resolution']);
  });

  it('leaves met deadlines alone: acknowledged, then resolved', async () => {
    await keeper.follow(
      CLIENT,
      risk('ComplaintAcknowledged', { complaintId: 'cp-1', acknowledgedAt: '2026-04-07T00:00:00.000Z' }),
    );
    expect(await keeper.sweepOverdue('2026-04-10T00:00:00.000Z')).toBe(0);
    await keeper.follow(CLIENT, risk('ComplaintResolved', { complaintId: 'cp-1' }));
    expect(await keeper.sweepOverdue('2026-05-01T00:00:00.000Z')).toBe(0);
    expect(await escalations()).toEqual([]);
  });

  it('asks the stream, which records nothing for a deadline the index did not know was met', async () => {
    // The acknowledgement is on the stream but has not come back through the monitor yet.
    await store.appendToStream(
      clientStreamId(CLIENT),
      [
        {
          eventId: '0190a4c2-0000-7000-8000-0000000000e3',
          type: 'ComplaintAcknowledged',
          schemaVersion: 1,
          data: { complaintId: 'cp-1', acknowledgedAt: '2026-04-07T00:00:00.000Z', ownerId: 'u-1' },
          metadata,
        },
      ],
      { expectedRevision: 1 },
    );
    expect(await keeper.sweepOverdue('2026-04-10T00:00:00.000Z')).toBe(0);
    expect(await escalations()).toEqual([]);
  });

  it('watches nothing for a complaint received before deadlines were kept', async () => {
    await keeper.follow(CLIENT, risk('ComplaintReceived', { complaintId: 'cp-old', category: 'fees' }));
    expect(await keeper.sweepOverdue('2026-04-08T02:00:00.001Z')).toBe(1);
  });
});
