import { InvalidQueryError, SatisfactionQueries } from '@crm/read-models';
import type { RecordedEvent } from '@crm/event-store';
import { projectedReadModels } from './projected-read-models';
import type { ReadModelStoreFactory } from './read-model-store.contract';
import { RecordedLog } from './recorded-events';

const clientId = (n: number): string => `0190a4c2-005a-7000-8000-${n.toString(16).padStart(12, '0')}`;
const stream = (n: number): string => `client-${clientId(n)}`;
const TZ = 'Asia/Shanghai';
const TARGET = { nps: 30, csat: 80 };

/**
 * Three clients' answers in early 2026, read on Shanghai's calendar (UTC+8):
 *
 * | answer | client (branch, tier then) | manager | kind score      | at (UTC)          | month in Shanghai |
 * |--------|----------------------------|---------|-----------------|-------------------|-------------------|
 * | a1     | 1 (BR-A, core)             | M-1     | nps 10          | Jan 10 02:00      | 2026-01           |
 * | a5     | 2 (BR-A, none)             | M-2     | nps 7           | Jan 15 02:00      | 2026-01           |
 * | a2     | 1 (BR-A, core)             | M-1     | nps 3           | Jan 31 17:00      | 2026-02           |
 * | a3     | 1 (BR-A, core)             | M-1     | csat 5          | Feb 10 02:00      | 2026-02           |
 * | a4     | 1 (BR-A, core)             | M-1     | nps 9, self     | Feb 12 02:00      | 2026-02           |
 * | a7     | 3 (BR-B, standard)         | M-3     | nps 0           | Feb 20 02:00      | 2026-02           |
 * | a6     | 2 (BR-A, key)              | M-2     | csat 2          | Mar 5 02:00       | 2026-03           |
 * | a8     | 2 (BR-A, key)              | M-1     | nps 10          | Mar 31 16:30      | 2026-04           |
 */
const buildLog = (): RecordedLog => {
  const log = new RecordedLog();
  const client = (n: number, branchId: string, managerId: string, tier: string | null): void => {
    log.coveredClient(clientId(n), {
      branchId,
      managerId,
      legalName: `Satisfaction Client ${n}`,
      registrationNo: `RN-SAT-${n}`,
    });
    if (tier !== null)
      log.append(stream(n), { type: 'ClientTierChanged', data: { from: null, to: tier, reason: 'x' } });
  };
  const answer = (
    n: number,
    surveyId: string,
    kind: 'nps' | 'csat',
    score: number,
    managerId: string,
    occurredAt: string,
    selfReported = false,
  ): RecordedEvent =>
    log.append(
      stream(n),
      {
        type: 'SatisfactionRecorded',
        data: {
          surveyId,
          kind,
          score,
          comment: 'never in a row',
          managerId,
          ...(selfReported ? { selfReported: true } : {}),
        },
      },
      { occurredAt },
    );
  client(1, 'BR-A', 'M-1', 'core');
  client(2, 'BR-A', 'M-2', null);
  client(3, 'BR-B', 'M-3', 'standard');
  answer(1, 'a1', 'nps', 10, 'M-1', '2026-01-10T02:00:00.000Z');
  answer(2, 'a5', 'nps', 7, 'M-2', '2026-01-15T02:00:00.000Z');
  answer(1, 'a2', 'nps', 3, 'M-1', '2026-01-31T17:00:00.000Z');
  answer(1, 'a3', 'csat', 5, 'M-1', '2026-02-10T02:00:00.000Z');
  answer(1, 'a4', 'nps', 9, 'M-1', '2026-02-12T02:00:00.000Z', true);
  answer(3, 'a7', 'nps', 0, 'M-3', '2026-02-20T02:00:00.000Z');
  log.append(stream(2), { type: 'ClientTierChanged', data: { from: null, to: 'key', reason: 'x' } });
  answer(2, 'a6', 'csat', 2, 'M-2', '2026-03-05T02:00:00.000Z');
  // Offset times are read as the instants they name.
  answer(2, 'a8', 'nps', 10, 'M-1', '2026-04-01T00:30:00.000+08:00');
  return log;
};

const figures = (nps: number | null, csat: number | null, responses: number, selfReported = 0) => ({
  nps,
  csat,
  responses,
  selfReported,
});

/** NPS and CSAT over time from the `satisfaction_responses` rows the client read models' projector fills. */
export function satisfactionContract(name: string, factory: ReadModelStoreFactory): void {
  describe(`SatisfactionQueries contract: ${name}`, () => {
    const projected = projectedReadModels(factory, buildLog, (store) => new SatisfactionQueries(store));

    const quarterOne = { from: '2026-01-01', to: '2026-03-31' };

    it("counts a branch's answers by month on the bank's calendar, self-reported ones apart", async () => {
      const report = await projected.queries.report({ branchId: 'BR-A', ...quarterOne, groupBy: 'month' }, TZ, TARGET);
      expect(report).toMatchObject({
        branchId: 'BR-A',
        managerId: null,
        ...quarterOne,
        timeZone: TZ,
        groupBy: 'month',
      });
      expect(report.items).toEqual([
        { period: '2026-01', ...figures(50, null, 2), target: TARGET },
        { period: '2026-02', ...figures(-100, 100, 2, 1), target: TARGET },
        { period: '2026-03', ...figures(null, 0, 1), target: TARGET },
      ]);
    });

    it('groups by the manager an answer measures, and by the tier the client had when it answered', async () => {
      const managers = await projected.queries.report({ branchId: 'BR-A', ...quarterOne, groupBy: 'manager' }, TZ);
      expect(managers.items).toEqual([
        { managerId: 'M-1', ...figures(0, 100, 3, 1) },
        { managerId: 'M-2', ...figures(0, 0, 2) },
      ]);
      const tiers = await projected.queries.report({ branchId: 'BR-A', ...quarterOne, groupBy: 'tier' }, TZ);
      expect(tiers.items).toEqual([
        { tier: 'core', ...figures(0, 100, 3, 1) },
        { tier: 'key', ...figures(null, 0, 1) },
        { tier: null, ...figures(0, null, 1) },
      ]);
    });

    it("reads a manager's answers wherever their clients are, every month of the window", async () => {
      const report = await projected.queries.report(
        { managerId: 'M-1', from: '2026-01-01', to: '2026-04-30', groupBy: 'month' },
        TZ,
      );
      expect(report.items).toEqual([
        { period: '2026-01', ...figures(100, null, 1) },
        { period: '2026-02', ...figures(-100, 100, 2, 1) },
        { period: '2026-03', ...figures(null, null, 0) },
        { period: '2026-04', ...figures(100, null, 1) },
      ]);
    });

    it("reads the whole bank, and cuts the window's first and last month to its dates", async () => {
      const bank = await projected.queries.report({ ...quarterOne, groupBy: 'month' }, TZ);
      expect(bank.items[1]).toEqual({ period: '2026-02', ...figures(-100, 100, 3, 1) });
      const cut = await projected.queries.report({ from: '2026-02-15', to: '2026-02-28', groupBy: 'month' }, TZ);
      expect(cut.items).toEqual([{ period: '2026-02', ...figures(-100, null, 1) }]);
      const utc = await projected.queries.report(
        { managerId: 'M-1', from: '2026-01-01', to: '2026-01-31', groupBy: 'month' },
        'UTC',
      );
      expect(utc.items).toEqual([{ period: '2026-01', ...figures(0, null, 2) }]);
    });

    it('gives every branch its quarter, and a branch its quarters against a target', async () => {
      const byBranch = await projected.queries.quarterByBranch('2026-Q1', TZ);
      expect(Object.fromEntries(byBranch)).toEqual({ 'BR-A': figures(0, 50, 5, 1), 'BR-B': figures(-100, null, 1) });
      const year = await projected.queries.branchQuarters(
        'BR-A',
        ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'],
        TZ,
        TARGET,
      );
      expect(year).toEqual([
        { quarter: '2026-Q1', ...figures(0, 50, 5, 1), belowTarget: true },
        { quarter: '2026-Q2', ...figures(100, null, 1), belowTarget: false },
        { quarter: '2026-Q3', ...figures(null, null, 0), belowTarget: false },
        { quarter: '2026-Q4', ...figures(null, null, 0), belowTarget: false },
      ]);
    });

    it('refuses a window out of order or too long, and a branch with a manager', async () => {
      const refusal = async (query: Parameters<SatisfactionQueries['report']>[0]) => {
        const error = await projected.queries.report(query, TZ).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(InvalidQueryError);
        return (error as InvalidQueryError).field;
      };
      expect(await refusal({ from: '2026-03-01', to: '2026-02-28', groupBy: 'month' })).toBe('to');
      expect(await refusal({ from: '2026-01-01', to: '2029-01-01', groupBy: 'month' })).toBe('to');
      expect(await refusal({ from: '2026-02-30', to: '2026-03-01', groupBy: 'month' })).toBe('from');
      expect(await refusal({ branchId: 'BR-A', managerId: 'M-1', ...quarterOne, groupBy: 'month' })).toBe('managerId');
    });

    it('adds no row for a redelivered answer, and keeps the rows of an erased client (they hold nothing personal)', async () => {
      const before = await projected.queries.report({ ...quarterOne, groupBy: 'month' }, TZ);
      const [a7] = projected.log.events.filter((event) => (event.data as { surveyId?: string }).surveyId === 'a7');
      const erased = projected.log.append(stream(3), {
        type: 'PersonalDataErased',
        data: { requestedBy: 'dpo', basis: 'x' },
      });
      const redelivered = { ...a7, position: erased.position + 1n };
      await projected.project([...projected.log.events, redelivered]);
      expect(await projected.queries.report({ ...quarterOne, groupBy: 'month' }, TZ)).toEqual(before);
    });
  });
}
