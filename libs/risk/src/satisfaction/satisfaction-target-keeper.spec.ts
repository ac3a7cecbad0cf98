import { branchSatisfactionStreamId, type SatisfactionTargets } from '@crm/domain';
import { SqliteEventStore } from '@crm/event-store';
import type { SatisfactionFigures } from '@crm/read-models';
import { SatisfactionTargetKeeper } from './satisfaction-target-keeper';

const TARGETS: SatisfactionTargets = { default: { nps: 30, csat: 80 }, branches: { 'BR-2': { nps: 0, csat: 80 } } };
const figures = (nps: number | null, csat: number | null): SatisfactionFigures => ({
  nps,
  csat,
  responses: 10,
  selfReported: 2,
});

describe('SatisfactionTargetKeeper', () => {
  let store: SqliteEventStore;
  /** Where the read models stand; null: caught up with the log. */
  let projected: bigint | null;
  let asked: string[];
  const quarter: Map<string, SatisfactionFigures> = new Map([
    ['BR-1', figures(12, 90)],
    ['BR-2', figures(12, 90)],
    ['BR-3', figures(null, 70)],
    ['BR-4', figures(null, null)],
  ]);
  const keeper = (): SatisfactionTargetKeeper =>
    new SatisfactionTargetKeeper(
      store,
      {
        projectedPosition: async () => projected ?? (await store.headPosition()),
        quarterByBranch: async (q) => {
          asked.push(q);
          return quarter;
        },
      },
      TARGETS,
      'Asia/Shanghai',
    );
  const recorded = async (branchId: string) =>
    (await store.readStream(branchSatisfactionStreamId(branchId))).map((event) => event.data);

  beforeEach(() => {
    store = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
    projected = null;
    asked = [];
  });

  afterEach(async () => {
    await store.close();
  });

  it("judges the quarter before now's on the bank's calendar, each branch below its own target once", async () => {
    // 00:30 on 1 April in Shanghai is still 31 March in UTC: the first quarter is over all the same.
    const sweeper = keeper();
    expect(await sweeper.sweep('2026-03-31T16:30:00.000Z')).toBe(2);
    expect(asked).toEqual(['2026-Q1']);
    expect(await recorded('BR-1')).toEqual([
      {
        branchId: 'BR-1',
        quarter: '2026-Q1',
        nps: 12,
        csat: 90,
        responses: 10,
        target: { nps: 30, csat: 80 },
        judgedAt: '2026-03-31T16:30:00.000Z',
      },
    ]);
    expect(await recorded('BR-2')).toEqual([]);
    expect(await recorded('BR-3')).toEqual([expect.objectContaining({ quarter: '2026-Q1', nps: null, csat: 70 })]);
    expect(await recorded('BR-4')).toEqual([]);
  });

  it('reads a quarter judged whole no more, and another process records nothing twice', async () => {
    const sweeper = keeper();
    await sweeper.sweep('2026-04-02T00:00:00.000Z');
    expect(await sweeper.sweep('2026-04-02T01:00:00.000Z')).toBe(0);
    expect(asked).toEqual(['2026-Q1']);
    expect(await keeper().sweep('2026-04-03T00:00:00.000Z')).toBe(0);
    expect((await recorded('BR-1')).length).toBe(1);
  });

  it('waits for the read models to reach the head of the log', async () => {
    await store.appendToStream(
      'manager-m-1',
      [
        {
          eventId: '0190a4c2-0000-7000-8000-0000000000e1',
          type: 'ManagerRegistered',
          schemaVersion: 1,
          data: {},
          metadata: {
            occurredAt: '2026-03-31T00:00:00.000Z',
            correlationId: 'c',
            causationId: 'c',
            actor: { userId: 'u', role: 'admin' },
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    projected = 0n;
    const sweeper = keeper();
    expect(await sweeper.sweep('2026-04-02T00:00:00.000Z')).toBe(0);
    expect(asked).toEqual([]);
    const awaited = await store.headPosition();
    // Events appended since the first sweep do not hold the judgement back: the figures need only
    // reach the head as it was then.
    await store.appendToStream(
      'manager-m-2',
      [
        {
          eventId: '0190a4c2-0000-7000-8000-0000000000e2',
          type: 'ManagerRegistered',
          schemaVersion: 1,
          data: {},
          metadata: {
            occurredAt: '2026-04-02T00:00:30.000Z',
            correlationId: 'c',
            causationId: 'c',
            actor: { userId: 'u', role: 'admin' },
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    projected = awaited;
    expect(await sweeper.sweep('2026-04-02T00:01:00.000Z')).toBe(2);
  });

  it('judges the next quarter when it ends', async () => {
    const sweeper = keeper();
    await sweeper.sweep('2026-04-02T00:00:00.000Z');
    expect(await sweeper.sweep('2026-07-01T00:00:00.000Z')).toBe(2);
    expect(asked).toEqual(['2026-Q1', '2026-Q2']);
    expect((await recorded('BR-1')).map((data) => (data as { quarter: string }).quarter)).toEqual([
      '2026-Q1',
      '2026-Q2',
    ]);
  });
});
