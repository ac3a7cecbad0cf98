import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { branchSatisfactionStreamId } from '@crm/domain';
import { eventStoreOptions, openEventStore, recoveryTaskIdOf } from '@crm/event-store';
import { loadStorageConfig } from '@crm/platform';
import { type ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { startInProcessApi } from './in-process-api';
import {
  figuresOf,
  generateAnswers,
  shanghaiMonth,
  shanghaiQuarter,
  writeHistory,
  type Answer,
  type Figures,
  type HistoryClient,
} from './satisfaction-history';

/**
 * Satisfaction over time through the real API (issue 18, item 3), on SQLite and PostgreSQL. A
 * year (2025) of answers is generated and written through the deciders while the API is down;
 * the API then serves NPS and CSAT by month, manager and tier for the branch and for a manager,
 * and the figures must equal those satisfaction-history.ts works out from what it generated,
 * self-reported answers counted apart. With the risk monitor's clock injected just after the year
 * (RISK_MONITOR_NOW), the branch below its target gets one alert for the fourth quarter and no
 * other, across restarts; a branch at target gets none. A detractor recorded now opens a recovery
 * task in the manager's agenda and raises no EW-CHURN alert. Then scope and bad input.
 */
type Storage = () => Promise<{ env: Record<string, string>; dir: string; cleanup: () => Promise<void> }>;
type Write = { id: string; position: string };
type Item = Figures & { period?: string; managerId?: string; tier?: string | null; target?: object };
type Report = { items: Item[] };
type Quarter = Figures & { quarter: string; belowTarget: boolean; ended: boolean; missed: object | null };
type BranchYear = { target: { nps: number; csat: number }; quarters: Quarter[] };
type Failure = { errors?: { field: string }[] };

const BRANCH = 'BR-SAT';
const CALM_BRANCH = 'BR-SAT-OK';
const TARGET = { nps: 60, csat: 90 };
const YEAR = 'from=2025-01-01&to=2025-12-31';
/** 30 seconds into 2026 in Shanghai: the fourth quarter of 2025 has just ended. */
const MONITOR_NOW = '2025-12-31T16:00:30.000Z';

const byKey = <K extends string>(answers: readonly Answer[], key: (answer: Answer) => K): Map<K, Answer[]> => {
  const groups = new Map<K, Answer[]>();
  for (const answer of answers) groups.set(key(answer), [...(groups.get(key(answer)) ?? []), answer]);
  return groups;
};

const satisfactionSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`satisfaction over time (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let env: Record<string, string> = {};
    let app: NestFastifyApplication | null = null;
    let as: (claims: Record<string, string>) => Promise<ApiClient>;
    let admin: ApiClient;
    let head = '0';
    const clients: HistoryClient[] = [];
    let answers: Answer[] = [];

    const start = async (extra: Record<string, string> = {}): Promise<void> => {
      await app?.close();
      const api = await startInProcessApi({ ...env, BANK_TIME_ZONE: 'Asia/Shanghai', ...extra });
      app = api.app;
      as = api.as;
      admin = await as({ sub: 'u-sat-admin', role: 'admin' });
    };
    const monitored = () => start({ RISK_MONITOR_NOW: MONITOR_NOW, RISK_SWEEP_INTERVAL_MS: '200' });

    const ok = <T>(answer: { status: number; body: T }, status = 200): T => {
      expect([answer.status, answer.body]).toEqual([status, expect.anything()]);
      return answer.body;
    };
    const report = async (query: string, caller = admin): Promise<Item[]> =>
      ok(await caller.get<Report>(`/v1/satisfaction?${query}&minPosition=${head}`)).items;
    const branchYear = async (branchId: string): Promise<BranchYear> =>
      ok(await admin.get<BranchYear>(`/v1/branches/${branchId}/satisfaction?year=2025&minPosition=${head}`));
    const missedEvents = async (branchId: string): Promise<number> => {
      const store = await openEventStore(eventStoreOptions(loadStorageConfig(env)));
      try {
        return (await store.readStream(branchSatisfactionStreamId(branchId))).length;
      } finally {
        await store.close();
      }
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const targets = join(prepared.dir, 'targets.yaml');
      writeFileSync(
        targets,
        `default: { nps: ${TARGET.nps}, csat: ${TARGET.csat} }\nbranches:\n  ${CALM_BRANCH}: { nps: -100, csat: 0 }\n`,
      );
      env = { ...prepared.env, SATISFACTION_TARGETS_FILE: targets };
      await start({ WORKERS: 'projector' });
      const managers: [string, string][] = [
        ['M-SAT-1', BRANCH],
        ['M-SAT-2', BRANCH],
        ['M-SAT-9', CALM_BRANCH],
      ];
      for (const [managerId, branchId] of managers) {
        ok(await admin.post('/v1/managers', { managerId, name: managerId, branchId, level: 'senior' }), 201);
      }
      for (let n = 0; n < 7; n += 1) {
        const [managerId, branchId] = managers[n === 6 ? 2 : n % 2];
        const created = ok(
          await admin.post<Write>('/v1/clients', {
            branchId,
            segment: 'sme',
            industry: 'retail',
            legalName: `Survey Client ${n}`,
            registrationNo: `RN-SAT-${n}`,
            contact: { phone: '+8612345678' },
            source: 'branch',
          }),
          201,
        );
        ok(await admin.post(`/v1/clients/${created.id}/conversion`, {}));
        ok(await admin.put(`/v1/clients/${created.id}/manager`, { managerId, reason: 'portfolio' }));
        clients.push({ id: created.id, managerId, branchId });
      }
      await app?.close();
      app = null;
      answers = generateAnswers(clients);
      head = await writeHistory(env, clients, answers);
      await monitored();
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it("gives the branch's NPS and CSAT by month as the reference works them out, self-reported answers apart", async () => {
      const mine = answers.filter((answer) => answer.branchId === BRANCH);
      const months = byKey(mine, (answer) => shanghaiMonth(answer.at));
      const expected = Array.from({ length: 12 }, (_, index) => {
        const period = `2025-${String(index + 1).padStart(2, '0')}`;
        return { period, ...figuresOf(months.get(period) ?? []), target: TARGET };
      });
      expect(await report(`branchId=${BRANCH}&${YEAR}`)).toEqual(expected);
      expect(expected.reduce((sum, item) => sum + item.selfReported, 0)).toBeGreaterThan(20);
      expect(expected.every((item) => item.responses > 0)).toBe(true);
    });

    it('groups by manager and by the tier the client had when answering, and reads a manager across clients', async () => {
      const mine = answers.filter((answer) => answer.branchId === BRANCH);
      const managers = [...byKey(mine, (answer) => answer.managerId)].sort(([a], [b]) => (a < b ? -1 : 1));
      expect(await report(`branchId=${BRANCH}&${YEAR}&groupBy=manager`)).toEqual(
        managers.map(([managerId, group]) => ({ managerId, ...figuresOf(group), target: TARGET })),
      );
      const tiers = byKey<string>(mine, (answer) => answer.tier ?? 'none');
      expect(await report(`branchId=${BRANCH}&${YEAR}&groupBy=tier`)).toEqual(
        ['core', 'key', 'standard', 'basic', 'none']
          .filter((tier) => tiers.has(tier))
          .map((tier) => ({
            tier: tier === 'none' ? null : tier,
            ...figuresOf(tiers.get(tier) ?? []),
            target: TARGET,
          })),
      );
      const first = byKey(
        answers.filter((answer) => answer.managerId === 'M-SAT-1'),
        (answer) => shanghaiMonth(answer.at),
      );
      const quarter = await report('managerId=M-SAT-1&from=2025-01-01&to=2025-03-31');
      expect(quarter).toEqual(
        ['2025-01', '2025-02', '2025-03'].map((period) => ({ period, ...figuresOf(first.get(period) ?? []) })),
      );
    });

    it('alerts the branch below its target once for the quarter just ended, across restarts; none at target', async () => {
      const quarters = byKey(
        answers.filter((answer) => answer.branchId === BRANCH),
        (answer) => shanghaiQuarter(answer.at),
      );
      const deadline = Date.now() + 20_000;
      let year = await branchYear(BRANCH);
      while (year.quarters[3].missed === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        year = await branchYear(BRANCH);
      }
      const fourth = figuresOf(quarters.get('2025-Q4') ?? []);
      expect(year.target).toEqual(TARGET);
      expect(year.quarters.map((quarter) => [quarter.quarter, quarter.ended, quarter.missed === null])).toEqual([
        ['2025-Q1', true, true],
        ['2025-Q2', true, true],
        ['2025-Q3', true, true],
        ['2025-Q4', true, false],
      ]);
      expect(year.quarters[3]).toMatchObject({ ...fourth, belowTarget: true });
      expect(year.quarters[3].missed).toMatchObject({
        nps: fourth.nps,
        csat: fourth.csat,
        responses: fourth.responses,
      });
      await monitored();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await branchYear(CALM_BRANCH)).quarters.every((quarter) => quarter.missed === null)).toBe(true);
      await app?.close();
      app = null;
      expect([await missedEvents(BRANCH), await missedEvents(CALM_BRANCH)]).toEqual([1, 0]);
      await monitored();
    });

    it('puts a detractor in its manager’s agenda as a recovery task, and raises no EW-CHURN alert for it', async () => {
      const survey = await as({ sub: 'svc-survey', role: 'service', scope: 'crm:satisfaction.record' });
      const core = clients[0];
      const answered = ok(
        await survey.post<Write & { surveyId: string }>(`/v1/clients/${core.id}/satisfaction`, {
          kind: 'nps',
          score: 2,
          comment: 'Nobody called back.',
        }),
        201,
      );
      const from = new Date().toISOString();
      const to = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const agenda = ok(
        await admin.get<{ items: { kind: string; id: string; clientId: string; title: string | null; due: string }[] }>(
          `/v1/managers/${core.managerId}/agenda?from=${from}&to=${to}&minPosition=${answered.position}`,
        ),
      );
      const task = agenda.items.find((item) => item.id === recoveryTaskIdOf(answered.surveyId));
      expect(task).toMatchObject({
        kind: 'task',
        clientId: core.id,
        title: 'Recovery call: the client answered NPS 2',
      });
      expect(Date.parse(task?.due ?? '') - Date.parse(from)).toBeGreaterThan(4.9 * 86_400_000);
      // The core client's complaint still signals churn: once its alert is there, the monitor has read the answer too.
      ok(await admin.post(`/v1/clients/${core.id}/complaints`, { category: 'fees', text: 'Charged twice.' }), 201);
      const alerts = async () =>
        ok(await admin.get<{ items: { reason: string }[] }>(`/v1/alerts?clientId=${core.id}&ruleId=EW-CHURN`)).items;
      const deadline = Date.now() + 15_000;
      while ((await alerts()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect((await alerts()).map((alert) => alert.reason)).toEqual(['complaint from a core client']);
    });

    it('counts an answer a manager records about themselves apart, and keeps each caller to their scope', async () => {
      const own = await as({ sub: 'u-m2', role: 'relationship_manager', managerId: 'M-SAT-2', branchId: BRANCH });
      const written = ok(
        await own.post<Write>(`/v1/clients/${clients[1].id}/satisfaction`, {
          kind: 'csat',
          score: 5,
          comment: 'Fine.',
        }),
        201,
      );
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      head = written.position;
      expect(await report(`from=${today}&to=${today}`, own)).toEqual([
        { period: today.slice(0, 7), nps: null, csat: null, responses: 0, selfReported: 1 },
      ]);
      const head2 = await as({ sub: 'u-h2', role: 'branch_head', branchId: CALM_BRANCH });
      const notFound: [ApiClient, string][] = [
        [own, `managerId=M-SAT-1&${YEAR}`],
        [own, `branchId=${BRANCH}&${YEAR}`],
        [head2, `branchId=${BRANCH}&${YEAR}`],
        [head2, `managerId=M-SAT-1&${YEAR}`],
      ];
      for (const [caller, query] of notFound) expect((await caller.get(`/v1/satisfaction?${query}`)).status).toBe(404);
      expect((await head2.get(`/v1/branches/${BRANCH}/satisfaction`)).status).toBe(404);
      expect((await own.get(`/v1/branches/${BRANCH}/satisfaction`)).status).toBe(403);
      expect(await report(`managerId=M-SAT-9&${YEAR}`, head2)).toHaveLength(12);
    });

    it('refuses bad input with field errors', async () => {
      const bad: [string, string][] = [
        [`branchId=${BRANCH}&managerId=M-SAT-1&${YEAR}`, 'managerId'],
        ['from=2025-13-01&to=2025-12-31', 'from'],
        ['from=2025-12-31&to=2025-01-01', 'to'],
        ['from=2020-01-01&to=2025-12-31', 'to'],
        [`${YEAR}&groupBy=week`, 'groupBy'],
        ['to=2025-12-31', 'from'],
      ];
      for (const [query, field] of bad) {
        const answer = await admin.get<Failure>(`/v1/satisfaction?${query}`);
        expect([query, answer.status, [...new Set(answer.body.errors?.map((error) => error.field))]]).toEqual([
          query,
          400,
          [field],
        ]);
      }
    });
  });

satisfactionSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('satisfaction-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, dir: dir.path, cleanup: async () => dir.cleanup() };
});

satisfactionSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('satisfaction_e2e');
  const dir = scratchDir('satisfaction-e2e-pg');
  return {
    env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema },
    dir: dir.path,
    cleanup: async () => {
      await drop();
      dir.cleanup();
    },
  };
});
