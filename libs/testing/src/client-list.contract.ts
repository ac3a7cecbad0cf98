import type { ClientTier, ManagerLevel } from '@crm/domain';
import {
  ClientListQueries,
  ClientReadModelsProjector,
  ClientViewQueries,
  CLIENT_READ_MODELS_PROJECTION,
  InvalidCursorError,
  InvalidQueryError,
  type ClientSearch,
  type SqlReadModelStore,
} from '@crm/read-models';
import type { ReadModelStoreFactory } from './read-model-store.contract';
import { RecordedLog } from './recorded-events';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * DAY).toISOString();
/** uuid-v7-shaped and increasing with n, as real client ids grow with creation. */
const clientId = (n: number): string => `0190a4c2-00d0-7000-8000-${n.toString(16).padStart(12, '0')}`;

const BRANCH = 'br-dash';
const OTHER_BRANCH = 'br-other';

/**
 * A branch built event by event, so each expected figure below can be checked by hand:
 *
 * | client | tier             | contribution   | manager (level now)  | last contact | open products | latest NPS |
 * |--------|------------------|----------------|----------------------|--------------|---------------|------------|
 * | c1     | core             | 5000000.00     | m-sen (senior)       | 10 days ago  | 3             | 10         |
 * | c2     | core             | 3000000.00     | m-jun (associate)    | 40 days ago  | 2             | 9          |
 * | c3     | key              | 1000000.00     | m-sen                | 5 days ago   | 2             | 9          |
 * | c4     | key              | 500000.50      | m-sen                | 60 days ago  | 1             | 6          |
 * | c5     | standard         | 100000.00      | –                    | –            | 1             | 9, then 3  |
 * | c6     | core             | 249999.50      | m-dem (senior → associate) | 20 days ago (a 50-day-old one logged later) | 0 | – |
 * | c7     | standard → basic | 50000.00 (kept through the regrade) | – | –       | 0             | 8          |
 * | c8     | basic            | 100000.00      | –                    | –            | 2 opened, 1 closed | CSAT only |
 * | c9     | basic            | –              | –                    | –            | 0             | 10         |
 * | c10    | –                | –              | –                    | –            | 1             | 7          |
 * | p11    | prospect         |                | m-sen                |              | –             | –          |
 * | p12    | prospect         | (9999999.00)   |                      |              | 1             | 0          |
 * | c13    | core, other branch | 7000000.00   | m-sen                |              |               |            |
 */
const buildBranch = (): RecordedLog => {
  const log = new RecordedLog();
  const manager = (id: string, level: ManagerLevel, branchId = BRANCH): void => {
    log.append(`manager-${id}`, {
      type: 'ManagerRegistered',
      data: { managerId: id, name: `Manager ${id}`, branchId, level },
    });
  };
  manager('m-sen', 'senior');
  manager('m-jun', 'associate');
  manager('m-dem', 'senior');
  manager('m-far', 'principal', OTHER_BRANCH);

  const stream = (n: number): string => `client-${clientId(n)}`;
  const register = (n: number, legalName: string, registrationNo: string, branchId = BRANCH): void => {
    log.append(stream(n), {
      type: 'ProspectRegistered',
      data: {
        clientId: clientId(n),
        branchId,
        segment: 'corporate',
        industry: 'manufacturing',
        legalName,
        registrationNo,
        contact: {},
        source: 'referral',
      },
    });
  };
  const convert = (n: number): void => {
    log.append(stream(n), { type: 'ProspectConverted', data: { convertedAt: daysAgo(400) } });
  };
  const assign = (n: number, managerId: string, managerLevel: ManagerLevel): void => {
    log.append(stream(n), { type: 'ManagerAssigned', data: { managerId, managerLevel, reason: 'coverage' } });
  };
  const tier = (n: number, to: ClientTier, annualContribution?: string): void => {
    log.append(stream(n), {
      type: 'ClientTierChanged',
      data: {
        from: null,
        to,
        reason: 'annual review',
        ...(annualContribution === undefined ? {} : { annualContribution }),
      },
    });
  };
  let seq = 0;
  const contact = (n: number, occurredAt: string, followUpDue?: string): string => {
    seq += 1;
    const contactId = `ct-${seq}`;
    log.append(stream(n), {
      type: 'ContactLogged',
      data: {
        contactId,
        managerId: 'm-sen',
        channel: 'visit',
        purpose: 'relationship',
        summary: 's',
        occurredAt,
        ...(followUpDue === undefined ? {} : { followUpDue }),
      },
    });
    return contactId;
  };
  const product = (n: number): string => {
    seq += 1;
    const holdingId = `h-${seq}`;
    log.append(stream(n), {
      type: 'ProductHoldingOpened',
      data: { holdingId, productCode: 'DEP-01', category: 'deposit', amount: '1000.00' },
    });
    return holdingId;
  };
  const products = (n: number, count: number): void => {
    for (let i = 0; i < count; i++) product(n);
  };
  const survey = (n: number, kind: 'nps' | 'csat', score: number): void => {
    seq += 1;
    log.append(stream(n), {
      type: 'SatisfactionRecorded',
      data: { surveyId: `s-${seq}`, kind, score, comment: '', managerId: 'm-sen' },
    });
  };
  const balance = (n: number, holdingId: string, amount: string, currency: string): void => {
    log.append(stream(n), {
      type: 'HoldingBalanceReported',
      data: { holdingId, balance: amount, currency, asOf: daysAgo(1).slice(0, 10) },
    });
  };
  const facility = (n: number, facilityId: string, limit: string, currency: string, drawn: string): void => {
    log.append(stream(n), { type: 'CreditLimitSet', data: { facilityId, limit, currency } });
    log.append(stream(n), { type: 'CreditUtilisationReported', data: { facilityId, drawn } });
  };
  const flag = (n: number, flagId: string, severity: 'low' | 'medium' | 'high' | 'critical'): void => {
    log.append(stream(n), { type: 'RiskFlagRaised', data: { flagId, type: 'litigation', severity, note: 'n' } });
  };

  register(1, 'Shanghai Precision Tools Co., Ltd.', '91310000AA0000001X');
  convert(1);
  assign(1, 'm-sen', 'senior');
  tier(1, 'core', '5000000.00');
  contact(1, daysAgo(10), daysAgo(5));
  contact(1, daysAgo(12), NOW.toISOString());
  products(1, 2);
  balance(1, product(1), '1250000.50', 'CNY');
  facility(1, 'F-1', '5000000.00', 'CNY', '4600000.00');
  survey(1, 'nps', 10);
  flag(1, 'f-1', 'high');

  register(2, 'Suzhou Optics Ltd.', '91320000BB0000002X');
  convert(2);
  assign(2, 'm-jun', 'associate');
  tier(2, 'core', '3000000.00');
  contact(2, daysAgo(40));
  products(2, 2);
  survey(2, 'nps', 9);

  register(3, 'Anhui Grain Co.', '91340000CC0000003X');
  convert(3);
  assign(3, 'm-sen', 'senior');
  tier(3, 'key', '1000000.00');
  contact(3, daysAgo(5), new Date(NOW.getTime() + DAY).toISOString());
  products(3, 2);
  survey(3, 'nps', 9);
  flag(3, 'f-3a', 'low');
  flag(3, 'f-3b', 'critical');
  log.append(stream(3), { type: 'RiskFlagCleared', data: { flagId: 'f-3b', reason: 'settled' } });

  register(4, 'Beijing Logistics Group', '91110000DD0000004X');
  convert(4);
  assign(4, 'm-sen', 'senior');
  tier(4, 'key', '500000.50');
  const completed = contact(4, daysAgo(60), daysAgo(3));
  log.append(stream(4), { type: 'FollowUpCompleted', data: { contactId: completed, completedAt: daysAgo(2) } });
  balance(4, product(4), '-300.25', 'USD');
  facility(4, 'F-4', '200000', 'USD', '0');
  survey(4, 'nps', 6);

  register(5, 'Hangzhou Silk Works', '91330000EE0000005X');
  convert(5);
  tier(5, 'standard', '100000.00');
  products(5, 1);
  survey(5, 'nps', 9);
  survey(5, 'nps', 3);
  log.append(stream(5), { type: 'ClientProfileUpdated', data: { changes: { legalName: 'Zhejiang Textiles Co.' } } });

  register(6, 'Wuxi Bearings Co.', '91320000FF0000006X');
  convert(6);
  assign(6, 'm-dem', 'senior');
  tier(6, 'core', '249999.50');
  contact(6, daysAgo(20));
  contact(6, daysAgo(50));

  register(7, 'Ningbo Ports Services', '91330000GG0000007X');
  convert(7);
  tier(7, 'standard', '50000.00');
  tier(7, 'basic');
  survey(7, 'nps', 8);

  register(8, 'Xiamen Tea Traders', '91350000HH0000008X');
  convert(8);
  tier(8, 'basic', '100000.00');
  balance(8, product(8), '99.50', 'CNY');
  const closed = product(8);
  balance(8, closed, '1000000.00', 'CNY');
  log.append(stream(8), { type: 'ProductHoldingClosed', data: { holdingId: closed, reason: 'matured' } });
  survey(8, 'csat', 2);

  register(9, 'Qingdao Marine Parts', '91370000JJ0000009X');
  convert(9);
  tier(9, 'basic');
  survey(9, 'nps', 10);

  register(10, 'Dalian Chemicals', '91210000KK0000010X');
  convert(10);
  products(10, 1);
  survey(10, 'nps', 7);

  register(11, 'anhui grain co.', '91340000LL0000011X');
  assign(11, 'm-sen', 'senior');
  flag(11, 'f-11', 'medium');

  register(12, 'Fujian Fisheries', '91350000MM0000012X');
  tier(12, 'core', '9999999.00');
  products(12, 1);
  survey(12, 'nps', 0);

  register(13, 'Shanghai Precision Tools Co., Ltd.', '91310000NN0000013X', OTHER_BRANCH);
  convert(13);
  assign(13, 'm-sen', 'senior');
  tier(13, 'core', '7000000.00');
  balance(13, product(13), '123.00', 'CNY');

  // m-dem is demoted after covering c6: the dashboard goes by the level now, not at assignment.
  log.append('manager-m-dem', {
    type: 'ManagerLevelChanged',
    data: { from: 'senior', to: 'associate', reason: 'review' },
  });
  return log;
};

/**
 * Portfolio, branch dashboard and client search on a store the client read models' projector filled:
 * the figures are computed by hand from the table of buildBranch, not by the code under test.
 */
export function clientListContract(name: string, factory: ReadModelStoreFactory): void {
  describe(`ClientListQueries contract: ${name}`, () => {
    let store: SqlReadModelStore;
    let queries: ClientListQueries;
    let log: RecordedLog;
    let checkpoint: bigint;

    beforeAll(async () => {
      store = await (await factory.create()).open();
      queries = new ClientListQueries(store, new ClientViewQueries(store, CLIENT_READ_MODELS_PROJECTION, null));
      log = buildBranch();
      checkpoint = await new ClientReadModelsProjector(store).projectBatch(0n, log.events);
    });

    afterAll(async () => {
      await store.close();
      await factory.dispose();
    });

    it('gives exactly the hand-computed branch dashboard', async () => {
      const dashboard = await queries.branchDashboard(BRANCH, NOW);
      expect(dashboard).toEqual({
        branchId: BRANCH,
        clients: 10,
        prospects: 2,
        conversionRate: expect.any(Number),
        clientsByTier: { core: 3, key: 2, standard: 1, basic: 3 },
        // 8 contributors → top 2 (c1 + c2 = 8,000,000.00) of 10,000,000.00.
        paretoTop20Share: 0.8,
        // Core c1 (10 days) and c6 (20 days; the later-logged 50-day contact is not its last) of c1, c2, c6.
        coreCoverage: expect.any(Number),
        // c2 (m-jun) and c6 (m-dem, demoted since).
        coreClientsWithJuniorManager: 2,
        // 3 + 2 + 2 + 1 + 1 + 1 + 1 (c1 c2 c3 c4 c5 c8 c10) = 11 holdings over 10 clients.
        productsPerClient: 1.1,
        // Latest answers: promoters c1 c2 c3 c9, detractors c4 c5, passives c7 c10: (4 − 2) / 8.
        nps: 25,
        openAlertsBySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
        // c1's deposit and c8's open one (its closed one no longer counts), c1's facility; c4 in
        // USD, overdrawn; c13 is another branch's.
        balances: [
          { currency: 'CNY', aum: '1250100.00', loansOutstanding: '4600000.00', totalLimits: '5000000.00' },
          { currency: 'USD', aum: '-300.25', loansOutstanding: '0.00', totalLimits: '200000.00' },
        ],
      });
      expect(dashboard.conversionRate).toBeCloseTo(10 / 12, 12);
      expect(dashboard.coreCoverage).toBeCloseTo(2 / 3, 12);
    });

    it('moves coverage with the clock and gives nulls for an empty branch', async () => {
      // 11 days on, c1's contact is 21 days old and c6's 31: both still inside 35 days; 16 days on, c6's is 36.
      expect((await queries.branchDashboard(BRANCH, new Date(NOW.getTime() + 11 * DAY))).coreCoverage).toBeCloseTo(
        2 / 3,
        12,
      );
      expect((await queries.branchDashboard(BRANCH, new Date(NOW.getTime() + 16 * DAY))).coreCoverage).toBeCloseTo(
        1 / 3,
        12,
      );
      expect(await queries.branchDashboard('br-none', NOW)).toMatchObject({
        clients: 0,
        prospects: 0,
        conversionRate: null,
        paretoTop20Share: null,
        nps: null,
      });
    });

    it("lists a manager's portfolio by name, with follow-ups due by now and totals", async () => {
      const portfolio = await queries.portfolio('m-sen', NOW);
      expect(portfolio.managerId).toBe('m-sen');
      expect(portfolio.clients).toEqual([
        {
          id: clientId(3),
          legalName: 'Anhui Grain Co.',
          status: 'client',
          tier: 'key',
          lastContactAt: daysAgo(5),
          followUpsDue: 0,
          openAlerts: 0,
          riskLevel: 'low',
        },
        {
          id: clientId(4),
          legalName: 'Beijing Logistics Group',
          status: 'client',
          tier: 'key',
          lastContactAt: daysAgo(60),
          followUpsDue: 0,
          openAlerts: 0,
          riskLevel: 'none',
        },
        {
          id: clientId(1),
          legalName: 'Shanghai Precision Tools Co., Ltd.',
          status: 'client',
          tier: 'core',
          lastContactAt: daysAgo(10),
          followUpsDue: 2,
          openAlerts: 0,
          riskLevel: 'high',
        },
        {
          id: clientId(13),
          legalName: 'Shanghai Precision Tools Co., Ltd.',
          status: 'client',
          tier: 'core',
          lastContactAt: null,
          followUpsDue: 0,
          openAlerts: 0,
          riskLevel: 'none',
        },
        {
          id: clientId(11),
          legalName: 'anhui grain co.',
          status: 'prospect',
          tier: null,
          lastContactAt: null,
          followUpsDue: 0,
          openAlerts: 0,
          riskLevel: 'medium',
        },
      ]);
      expect(portfolio.totals).toEqual({
        clients: 5,
        byTier: { core: 2, key: 2, standard: 0, basic: 0, none: 1 },
        followUpsDue: 2,
        openAlerts: 0,
        atRisk: 1,
      });
      // A day earlier, c1's second follow-up (due "now") is not due yet.
      expect((await queries.portfolio('m-sen', new Date(NOW.getTime() - DAY))).totals.followUpsDue).toBe(1);
      expect((await queries.portfolio('m-nobody', NOW)).clients).toEqual([]);
    });

    const ids = async (search: Omit<ClientSearch, 'limit'>): Promise<string[]> =>
      (await queries.searchClients({ limit: 200, ...search })).items.map((item) => item.id);
    const range = (...ns: number[]): string[] => ns.map(clientId);

    it('lists the clients nobody covers: no manager, then those of a manager who departed', async () => {
      const clients = (...ns: number[]): string[] => ns.map(clientId);
      const ids = async (scope?: Parameters<ClientListQueries['uncoveredClients']>[1]) =>
        (await queries.uncoveredClients(BRANCH, scope)).items.map((client) => client.id);
      // Core first (p12), then by tier and name: c5 standard; c7 Ningbo, c9 Qingdao, c8 Xiamen basic; c10 no tier.
      expect(await ids()).toEqual(clients(12, 5, 7, 9, 8, 10));

      const departure = log.append('manager-m-jun', {
        type: 'ManagerDeparted',
        data: { departedAt: NOW.toISOString(), reason: 'resigned' },
      });
      checkpoint = await new ClientReadModelsProjector(store).projectBatch(checkpoint, [departure]);

      const list = await queries.uncoveredClients(BRANCH);
      expect(list.items.map((client) => client.id)).toEqual(clients(12, 2, 5, 7, 9, 8, 10));
      expect(list.items[1]).toEqual({
        id: clientId(2),
        legalName: 'Suzhou Optics Ltd.',
        status: 'client',
        tier: 'core',
        managerId: 'm-jun',
        reason: 'manager_departed',
      });
      expect(list.items[2]).toMatchObject({ id: clientId(5), managerId: null, reason: 'no_manager' });
      expect(list.totals).toEqual({ clients: 7, core: 2 });
      expect(await ids({ kind: 'manager', managerId: 'm-jun' })).toEqual(clients(2));

      // A manager who moves to another branch still covers their clients (coverage across branches
      // is allowed, as c13 shows): nothing more is uncovered.
      const move = log.append('manager-m-dem', {
        type: 'ManagerBranchChanged',
        data: { from: BRANCH, to: OTHER_BRANCH, reason: 'rotation' },
      });
      checkpoint = await new ClientReadModelsProjector(store).projectBatch(checkpoint, [move]);
      expect(await ids()).toEqual(clients(12, 2, 5, 7, 9, 8, 10));
      expect((await store.managers.getManager('m-dem'))?.branchId).toBe(OTHER_BRANCH);
      expect(await ids({ kind: 'branch', branchId: OTHER_BRANCH })).toEqual([]);
      expect((await queries.uncoveredClients(OTHER_BRANCH)).items).toEqual([]);
    });

    it('filters by manager, branch, tier and risk level, in id order', async () => {
      expect(await ids({ managerId: 'm-sen' })).toEqual(range(1, 3, 4, 11, 13));
      expect(await ids({ branchId: BRANCH })).toEqual(range(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
      expect(await ids({ tier: 'core' })).toEqual(range(1, 2, 6, 12, 13));
      expect(await ids({ tier: 'core', branchId: OTHER_BRANCH })).toEqual(range(13));
      expect(await ids({ riskLevel: 'high' })).toEqual(range(1));
      expect(await ids({ riskLevel: 'low' })).toEqual(range(3));
      expect(await ids({ riskLevel: 'none', managerId: 'm-sen' })).toEqual(range(4, 13));
      const [item] = (await queries.searchClients({ riskLevel: 'medium', limit: 5 })).items;
      expect(item).toEqual({
        id: clientId(11),
        legalName: 'anhui grain co.',
        branchId: BRANCH,
        managerId: 'm-sen',
        tier: null,
        status: 'prospect',
        riskLevel: 'medium',
        lastContactAt: null,
      });
    });

    it('matches q as a case-insensitive name prefix or a registration-number prefix, literally', async () => {
      expect(await ids({ q: 'anhui' })).toEqual(range(3, 11));
      expect(await ids({ q: 'ANHUI GRAIN CO.' })).toEqual(range(3, 11));
      expect(await ids({ q: 'grain' })).toEqual([]);
      expect(await ids({ q: 'shanghai', branchId: BRANCH })).toEqual(range(1));
      // Longer than the indexed prefix (32 characters): matched in full all the same.
      expect(await ids({ q: 'SHANGHAI PRECISION TOOLS CO., LTD.' })).toEqual([clientId(1), clientId(13)]);
      expect(await ids({ q: 'Shanghai Precision Tools Co., Lt_' })).toEqual([]);
      expect(await ids({ q: '91320000' })).toEqual(range(2, 6));
      expect(await ids({ q: '91310000aa' })).toEqual(range(1));
      // Renamed by ClientProfileUpdated: found by the new name only.
      expect(await ids({ q: 'zhejiang' })).toEqual(range(5));
      expect(await ids({ q: 'hangzhou' })).toEqual([]);
      // LIKE wildcards in q are plain characters.
      expect(await ids({ q: '%' })).toEqual([]);
      expect(await ids({ q: '_' })).toEqual([]);
    });

    it("pages q's matches by cursor, with and without other filters", async () => {
      const first = await queries.searchClients({ q: 'anhui', limit: 1 });
      expect(first.items.map((item) => item.id)).toEqual(range(3));
      const second = await queries.searchClients({ q: 'anhui', limit: 1, cursor: first.nextCursor ?? undefined });
      expect(second.items.map((item) => item.id)).toEqual(range(11));
      expect(second.nextCursor).toBeNull();
      const filtered = await queries.searchClients({ q: 'anhui', branchId: BRANCH, limit: 1 });
      const rest = await queries.searchClients({
        q: 'anhui',
        branchId: BRANCH,
        limit: 1,
        cursor: filtered.nextCursor ?? undefined,
      });
      expect([...filtered.items, ...rest.items].map((item) => item.id)).toEqual(
        await ids({ q: 'anhui', branchId: BRANCH }),
      );
      const registration = await queries.searchClients({ q: '91320000', limit: 1 });
      const more = await queries.searchClients({
        q: '91320000',
        limit: 1,
        cursor: registration.nextCursor ?? undefined,
      });
      expect([...registration.items, ...more.items].map((item) => item.id)).toEqual(range(2, 6));
    });

    it('walks every client exactly once while new clients are added between pages', async () => {
      let position = checkpoint;
      let next = 100;
      const seen: string[] = [];
      const added: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await queries.searchClients({ branchId: BRANCH, limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
        if (pages <= 3) {
          // Two new prospects in the branch, and one elsewhere, before the next page is read.
          const batch: typeof log.events = [];
          for (const branchId of [BRANCH, BRANCH, OTHER_BRANCH]) {
            next += 1;
            const id = clientId(next);
            if (branchId === BRANCH) added.push(id);
            batch.push(
              log.append(`client-${id}`, {
                type: 'ProspectRegistered',
                data: {
                  clientId: id,
                  branchId,
                  segment: 'sme',
                  industry: 'retail',
                  legalName: `New ${next}`,
                  registrationNo: `R${next}`,
                  contact: {},
                  source: 'campaign',
                },
              }),
            );
          }
          position = await new ClientReadModelsProjector(store).projectBatch(position, batch);
        }
      } while (cursor !== undefined);
      expect(seen).toEqual([...range(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), ...added]);
      expect(new Set(seen).size).toBe(seen.length);
      await expect(queries.waitForPosition(position, 1000)).resolves.toBe(true);
    });

    it('ends with a null cursor on an exact last page, and refuses bad cursors and limits with typed errors', async () => {
      const first = await queries.searchClients({ managerId: 'm-sen', limit: 5 });
      expect(first.items).toHaveLength(5);
      expect(first.nextCursor).toBeNull();
      const paged = await queries.searchClients({ managerId: 'm-sen', limit: 4 });
      expect(paged.nextCursor).not.toBeNull();
      const rest = await queries.searchClients({ managerId: 'm-sen', limit: 4, cursor: paged.nextCursor ?? undefined });
      expect(rest.items.map((item) => item.id)).toEqual(range(13));
      expect(rest.nextCursor).toBeNull();

      await expect(queries.searchClients({ limit: 10, cursor: 'not-a-cursor' })).rejects.toThrow(InvalidCursorError);
      await expect(queries.searchClients({ limit: 10, cursor: clientId(1) })).rejects.toThrow(InvalidCursorError);
      await expect(queries.searchClients({ limit: 0 })).rejects.toThrow(InvalidQueryError);
      await expect(queries.searchClients({ limit: 201 })).rejects.toThrow(InvalidQueryError);
    });
  });
}
