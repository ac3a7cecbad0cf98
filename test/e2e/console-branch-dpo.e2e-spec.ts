import type { Locator, Page } from 'playwright-core';
import type { ApiClient } from '@crm/testing';
import {
  describeWithChromium,
  startConsole,
  until,
  type ConsoleUnderTest,
} from '../../libs/testing/src/console-browser';

type Write = { id: string; position: string };
type Dashboard = {
  clients: number;
  prospects: number;
  conversionRate: number | null;
  clientsByTier: Record<string, number>;
  paretoTop20Share: number | null;
  coreCoverage: number | null;
  coreClientsWithJuniorManager: number;
  productsPerClient: number | null;
  nps: number | null;
  openAlertsBySeverity: Record<string, number>;
  balances: { currency: string; aum: string; loansOutstanding: string; totalLimits: string }[];
  pipeline: {
    open: number;
    won: number;
    lost: number;
    winRate: number | null;
    byStage: { stage: string; count: number }[];
  };
};
type Satisfaction = {
  year: number;
  quarters: { quarter: string; ended: boolean; nps: number | null; responses: number }[];
};
type AccessLog = { entries: { userId: string; role: string; route: string; purpose: string | null }[] };
type ClientView = { legalName: string; revision: number; contact: { email: string | null; phone: string | null } };

const BRANCH = 'BR-BD';
const DAY = 86_400_000;

// The console formats in the bank's locale ('en' here) with Intl; the expectations are formatted the same way.
const percent = (ratio: number | null): string =>
  ratio === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
const number = (value: number | null, digits = 0): string =>
  value === null ? '—' : new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(value);
const money = (amount: string, currency: string): string =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(Number(amount));

const untilText = async (locator: Locator, expected: string): Promise<void> => {
  await until(
    () => locator.textContent(),
    (text) => text === expected,
    `"${expected}"`,
  );
};

/** Each body row of a table as the page shows it: its cells' texts, by the row's key when it has one. */
const cellsOf = async (page: Page, testId: string): Promise<[string, string[]][]> => {
  const rows = page.getByTestId(testId).locator('tbody tr');
  const found: [string, string[]][] = [];
  for (let index = 0; index < (await rows.count()); index++) {
    const row = rows.nth(index);
    found.push([(await row.getAttribute('data-key')) ?? '', await row.locator('td').allTextContents()]);
  }
  return found;
};

const tableRows = async (page: Page, testId: string): Promise<Record<string, string[]>> =>
  Object.fromEntries(await cellsOf(page, testId));

/** Every headline figure on the page, by its test id. */
const figuresShown = async (page: Page): Promise<Record<string, string>> =>
  Object.fromEntries(
    await page
      .locator('[data-testid^="figure-"]')
      .evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-testid') ?? '', node.textContent ?? ''])),
  );

/** The figures the dashboard must show for the API's answer, formatted as the console formats them. */
const expectedFigures = (api: Dashboard): Record<string, string> => ({
  'figure-clients-total': number(api.clients),
  'figure-prospects': number(api.prospects),
  'figure-conversion-rate': percent(api.conversionRate),
  'figure-core-coverage': percent(api.coreCoverage),
  'figure-core-junior': number(api.coreClientsWithJuniorManager),
  'figure-products-per-client': number(api.productsPerClient, 1),
  'figure-nps': number(api.nps),
  'figure-pareto-top20': percent(api.paretoTop20Share),
  'figure-open-alerts': number(Object.values(api.openAlertsBySeverity).reduce((a, b) => a + b, 0)),
  'figure-pipeline-open': number(api.pipeline.open),
  'figure-pipeline-won': number(api.pipeline.won),
  'figure-pipeline-lost': number(api.pipeline.lost),
  'figure-win-rate': percent(api.pipeline.winRate),
});

type Setup = { tier: string | null; manager: string; contribution?: string };

const client = async (admin: ApiClient, name: string, setup: Setup): Promise<string> => {
  const registered = await admin.post<Write>('/v1/clients', {
    branchId: BRANCH,
    segment: 'corporate',
    industry: 'retail',
    legalName: name,
    registrationNo: `9144${Math.random().toString().slice(2, 12)}`,
    contact: { email: 'desk@client.example', phone: '+86 20 5555 0101' },
    source: 'referral',
  });
  expect(registered.status).toBe(201);
  const id = registered.body.id;
  if (setup.tier === null) return id;
  expect((await admin.post(`/v1/clients/${id}/conversion`, {})).status).toBe(200);
  expect((await admin.put(`/v1/clients/${id}/manager`, { managerId: setup.manager, reason: 'coverage' })).status).toBe(
    200,
  );
  const tier = { tier: setup.tier, reason: 'review', annualContribution: setup.contribution };
  expect((await admin.put(`/v1/clients/${id}/tier`, tier)).status).toBe(200);
  return id;
};

const nps = async (admin: ApiClient, clientId: string, score: number): Promise<string> => {
  const answered = await admin.post<Write>(`/v1/clients/${clientId}/satisfaction`, {
    kind: 'nps',
    score,
    comment: 'Quarterly survey',
  });
  expect(answered.status).toBe(201);
  return answered.body.position;
};

describeWithChromium('web console: the branch head’s dashboard and the DPO (Chromium against the API process)', () => {
  let c: ConsoleUnderTest;
  let admin: ApiClient;
  const ids: Record<'core' | 'coreJunior' | 'key' | 'basic' | 'standard' | 'noContribution' | 'prospect', string> = {
    core: '',
    coreJunior: '',
    key: '',
    basic: '',
    standard: '',
    noContribution: '',
    prospect: '',
  };

  beforeAll(async () => {
    c = await startConsole();
    admin = await c.apiAs({ role: 'admin' });
    for (const managerId of ['M-BD1', 'M-BD2']) {
      const created = await admin.post('/v1/managers', {
        managerId,
        name: `Manager ${managerId}`,
        branchId: BRANCH,
        level: 'senior',
      });
      expect(created.status).toBe(201);
    }
    ids.core = await client(admin, 'Guangzhou Pearl Retail Ltd', {
      tier: 'core',
      manager: 'M-BD1',
      contribution: '900000.00',
    });
    ids.coreJunior = await client(admin, 'Foshan Ceramic Ltd', {
      tier: 'core',
      manager: 'M-BD2',
      contribution: '60000.00',
    });
    ids.key = await client(admin, 'Shantou Toys Ltd', { tier: 'key', manager: 'M-BD1', contribution: '30000.00' });
    ids.basic = await client(admin, 'Zhuhai Marine Ltd', { tier: 'basic', manager: 'M-BD1', contribution: '10000.00' });
    ids.standard = await client(admin, 'Huizhou Lamps Ltd', {
      tier: 'standard',
      manager: 'M-BD2',
      contribution: '5000.00',
    });
    ids.noContribution = await client(admin, 'Jiangmen Paper Ltd', { tier: 'basic', manager: 'M-BD2' });
    ids.prospect = await client(admin, 'Zhaoqing Jade Ltd', { tier: null, manager: '' });
    // A core client needs a senior manager when graded; the dashboard counts managers at their level now.
    const demoted = await admin.put('/v1/managers/M-BD2/level', { level: 'associate', reason: 'restructuring' });
    expect(demoted.status).toBe(200);
    const contact = await admin.post(`/v1/clients/${ids.core}/contacts`, {
      managerId: 'M-BD1',
      channel: 'visit',
      purpose: 'relationship',
      summary: 'Quarterly review',
      occurredAt: new Date(Date.now() - 2 * DAY).toISOString(),
    });
    expect(contact.status).toBe(201);
    for (const [id, score] of [
      [ids.core, 9],
      [ids.coreJunior, 10],
      [ids.key, 3],
    ] as const)
      await nps(admin, id, score);
    const holding = { productCode: 'DEP-1', category: 'deposit', amount: '2500000.00' };
    expect((await admin.post(`/v1/clients/${ids.core}/products`, holding)).status).toBe(201);
    const opportunity = { managerId: 'M-BD1', productCategory: 'fx', expectedAmount: '80000.00', currency: 'USD' };
    expect((await admin.post(`/v1/clients/${ids.key}/opportunities`, opportunity)).status).toBe(201);
    const facility = { limit: '100000.00', currency: 'CNY' };
    expect((await admin.put(`/v1/clients/${ids.basic}/facilities/F-1`, facility)).status).toBeLessThan(300);
    const arrear = { daysPastDue: 35, amountOverdue: '100.00' };
    expect((await admin.post(`/v1/clients/${ids.basic}/facilities/F-1/past-due`, arrear)).status).toBeLessThan(300);
    // The risk monitor raises the arrear's two alerts after the write, one after the other: every
    // test compares the page with the API, so both must be counted before any page is drawn.
    await until(
      async () => (await admin.get<Dashboard>(`/v1/branches/${BRANCH}/dashboard`)).body.openAlertsBySeverity,
      (alerts) => Object.values(alerts).reduce((a, b) => a + b, 0) >= 2,
      'the arrear raise its alerts',
    );
  });

  afterAll(async () => {
    await c?.stop();
  });

  it('shows the branch head every figure of the API’s answer for the branch, and the fresh one on refresh', async () => {
    const head = await c.apiAs({ role: 'branch_head', branchId: BRANCH });
    const api = (await head.get<Dashboard>(`/v1/branches/${BRANCH}/dashboard`)).body;
    // What the set-up makes the branch: the dashboard below must equal the API, and the API this.
    expect([api.clients, api.prospects, api.clientsByTier]).toEqual([6, 1, { core: 2, key: 1, standard: 1, basic: 2 }]);
    expect([api.coreCoverage, api.coreClientsWithJuniorManager]).toEqual([0.5, 1]);
    // Five clients reported a contribution, so the top 20 % is the one largest.
    expect(api.paretoTop20Share).toBeCloseTo(900000 / 1005000, 12);
    expect(api.nps).toBeCloseTo(100 / 3, 10);
    expect(api.openAlertsBySeverity).toEqual({ low: 0, medium: 1, high: 1, critical: 0 });
    expect([api.balances.map((row) => row.currency), api.pipeline.open]).toEqual([['CNY'], 1]);
    const page = await c.newPage();
    await c.signIn(page, { role: 'branch_head', branchId: BRANCH });
    await page.getByTestId('branch-dashboard').waitFor();
    expect(await figuresShown(page)).toEqual(expectedFigures(api));
    expect(await tableRows(page, 'chart-tiers')).toEqual(
      Object.fromEntries(Object.entries(api.clientsByTier).map(([tier, count]) => [tier, [number(count)]])),
    );
    expect(await tableRows(page, 'chart-alerts')).toEqual(
      Object.fromEntries(Object.entries(api.openAlertsBySeverity).map(([severity, n]) => [severity, [number(n)]])),
    );
    const share = api.paretoTop20Share ?? NaN;
    expect(await tableRows(page, 'chart-pareto')).toEqual({ top20: [percent(share)], rest: [percent(1 - share)] });
    expect(await tableRows(page, 'branch-balances')).toEqual(
      Object.fromEntries(
        api.balances.map((row) => [
          row.currency,
          [
            money(row.aum, row.currency),
            money(row.loansOutstanding, row.currency),
            money(row.totalLimits, row.currency),
          ],
        ]),
      ),
    );
    const pipeline = await tableRows(page, 'branch-pipeline');
    expect(api.pipeline.byStage.map((row) => [row.stage, pipeline[row.stage]?.[0]])).toEqual(
      api.pipeline.byStage.map((row) => [row.stage, number(row.count)]),
    );

    // NPS over time: last year's quarters and this year's up to the one under way, as the API counts them.
    const current = (await head.get<Satisfaction>(`/v1/branches/${BRANCH}/satisfaction`)).body;
    const previous = (await head.get<Satisfaction>(`/v1/branches/${BRANCH}/satisfaction?year=${current.year - 1}`))
      .body;
    const open = current.quarters.findIndex((quarter) => !quarter.ended);
    const quarters = [...previous.quarters, ...current.quarters.slice(0, open + 1)];
    const shown = await tableRows(page, 'chart-nps');
    expect(Object.fromEntries(Object.entries(shown).map(([key, cells]) => [key, cells.slice(0, 2)]))).toEqual(
      Object.fromEntries(quarters.map((q) => [q.quarter, [number(q.nps), number(q.responses)]])),
    );
    expect(quarters.some((q) => q.responses === 3 && q.nps === 33)).toBe(true);

    // A new answer after the page was drawn: Refresh shows the figure the API now gives.
    const position = await nps(admin, ids.basic, 0);
    const fresh = (await head.get<Dashboard>(`/v1/branches/${BRANCH}/dashboard?minPosition=${position}`)).body;
    expect(fresh.nps).toBe(0);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await untilText(page.getByTestId('figure-nps'), number(fresh.nps));
    expect(await figuresShown(page)).toEqual(expectedFigures(fresh));

    // Another branch is not the head's: the console's not-found page, as the API answers 404.
    await page.goto(`${c.url}#/branch/BR-ELSEWHERE`);
    await page.getByTestId('not-found').waitFor();
  });

  it('lets an administrator choose the branch', async () => {
    const page = await c.newPage();
    await c.signIn(page, { role: 'admin' });
    await page.getByRole('link', { name: 'Branch dashboard' }).click();
    const picker = page.getByTestId('branch-picker');
    await picker.getByLabel('Branch id').fill(BRANCH);
    await picker.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('branch-dashboard').waitFor();
    expect(await page.evaluate<string>('location.hash')).toBe(`#/branch/${BRANCH}`);
    const api = (await admin.get<Dashboard>(`/v1/branches/${BRANCH}/dashboard`)).body;
    expect(await figuresShown(page)).toEqual(expectedFigures(api));
  });

  it('shows the DPO who read a client, and erases it only once confirmed', async () => {
    const manager = await c.apiAs({ role: 'relationship_manager', managerId: 'M-BD2' });
    const read = await manager.get(`/v1/clients/${ids.coreJunior}`, { 'x-purpose': 'annual review' });
    expect(read.status).toBe(200);
    const dpoApi = await c.apiAs({ role: 'dpo' });
    const log = (await dpoApi.get<AccessLog>(`/v1/clients/${ids.coreJunior}/access-log`)).body;
    expect(log.entries.some((entry) => entry.userId === 'M-BD2' && entry.purpose === 'annual review')).toBe(true);

    const page = await c.newPage();
    await c.signIn(page, { role: 'dpo' });
    await page.getByTestId('dpo-open-client').getByLabel('Client id').fill(ids.coreJunior);
    await page.getByRole('button', { name: 'Open' }).click();
    const table = page.getByTestId('access-log-table');
    await table.waitFor();
    expect(await page.evaluate<string>('location.hash')).toBe(`#/dpo/clients/${ids.coreJunior}`);
    const rows = (await cellsOf(page, 'access-log-table')).map(([, cells]) => cells);
    const roleWords: Record<string, string> = { relationship_manager: 'Relationship manager', admin: 'Administrator' };
    expect(rows.map((cells) => cells.slice(1))).toEqual(
      log.entries.map((entry) => [entry.userId, roleWords[entry.role], entry.route, entry.purpose ?? 'none given']),
    );

    const erasure = page.getByTestId('erasure');
    const button = erasure.getByRole('button', { name: 'Erase personal data' });
    const confirm = erasure.getByLabel('Type the client id to confirm');
    expect(await button.isDisabled()).toBe(true);
    await confirm.fill(ids.core);
    expect(await button.isDisabled()).toBe(true);
    await confirm.fill(ids.coreJunior);
    expect(await button.isDisabled()).toBe(false);
    // No legal basis: the API refuses, its message stands beside the field, and nothing is erased.
    await button.click();
    await erasure.locator('#erasure-basis-error').waitFor();
    expect(await erasure.locator('#erasure-basis').getAttribute('aria-invalid')).toBe('true');
    expect((await admin.get<ClientView>(`/v1/clients/${ids.coreJunior}`)).body.legalName).toBe('Foshan Ceramic Ltd');

    await erasure.getByLabel(/Legal basis/).fill('PIPL art. 47, ticket DPO-2026-118');
    await button.click();
    await erasure.getByTestId('erasure-proof').waitFor();
    const proof = {
      id: await erasure.getByTestId('proof-id').textContent(),
      revision: await erasure.getByTestId('proof-revision').textContent(),
      position: await erasure.getByTestId('proof-position').textContent(),
    };
    expect(await button.isDisabled()).toBe(true);
    const view = await admin.get<ClientView>(`/v1/clients/${ids.coreJunior}?minPosition=${proof.position}`);
    expect(view.status).toBe(200);
    expect([view.body.legalName, view.body.contact.email, view.body.contact.phone]).toEqual([
      '[erased]',
      '[erased]',
      '[erased]',
    ]);
    expect(proof).toEqual({
      id: ids.coreJunior,
      revision: String(view.body.revision),
      position: expect.stringMatching(/^\d+$/),
    });
    expect(await c.seriousViolations(page)).toEqual([]);
  });

  it.each(['en', 'zh-CN'])(
    'has no serious accessibility violation on the dashboard and the DPO page (%s)',
    async (locale) => {
      const page = await c.newPage();
      await c.signIn(page, { role: 'branch_head', branchId: BRANCH });
      await page.getByTestId('language').selectOption(locale);
      await page.getByTestId('chart-nps').waitFor();
      if (locale === 'zh-CN') await page.getByRole('heading', { name: '各层级客户数' }).waitFor();
      expect(await c.seriousViolations(page)).toEqual([]);

      const dpo = await c.newPage();
      await c.signIn(dpo, { role: 'dpo' });
      await dpo.getByTestId('language').selectOption(locale);
      await dpo.goto(`${c.url}#/dpo/clients/${ids.core}`);
      await dpo.getByTestId('access-log').waitFor();
      await dpo.getByTestId('erasure').waitFor();
      if (locale === 'zh-CN') await dpo.getByRole('heading', { name: '删除客户个人信息' }).waitFor();
      expect(await c.seriousViolations(dpo)).toEqual([]);
    },
  );
});
