import type { Page } from 'playwright-core';
import type { ApiClient } from '@crm/testing';
import { describeWithChromium, startConsole, type ConsoleUnderTest } from '../../libs/testing/src/console-browser';

type Write = { id: string; position: string };
type Dashboard = {
  clients: number;
  clientsByTier: Record<string, number>;
  paretoTop20Share: number | null;
  coreCoverage: number | null;
  nps: number | null;
  openAlertsBySeverity: Record<string, number>;
};

const BRANCH = 'BR-BD';

const client = async (admin: ApiClient, name: string, tier: string, contribution: string): Promise<string> => {
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
  expect((await admin.post(`/v1/clients/${id}/conversion`, {})).status).toBe(200);
  expect((await admin.put(`/v1/clients/${id}/manager`, { managerId: 'M-BD1', reason: 'coverage' })).status).toBe(200);
  expect(
    (await admin.put(`/v1/clients/${id}/tier`, { tier, reason: 'review', annualContribution: contribution })).status,
  ).toBeLessThan(300);
  return id;
};

/** The figures as the page shows them, by table row key. */
const chartFigures = async (page: Page, testId: string): Promise<Record<string, string>> =>
  Object.fromEntries(
    await page
      .getByTestId(testId)
      .locator('tr')
      .evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute('data-key') ?? '', row.querySelector('td')?.textContent ?? '']),
      ),
  );

describeWithChromium('web console: the branch head’s dashboard and the DPO (Chromium against the API process)', () => {
  let c: ConsoleUnderTest;
  let admin: ApiClient;
  const ids: string[] = [];

  beforeAll(async () => {
    c = await startConsole();
    admin = await c.apiAs({ role: 'admin' });
    expect(
      (await admin.post('/v1/managers', { managerId: 'M-BD1', name: 'Wu Fang', branchId: BRANCH, level: 'senior' }))
        .status,
    ).toBe(201);
    ids.push(await client(admin, 'Guangzhou Pearl Retail Ltd', 'core', '900000.00'));
    ids.push(await client(admin, 'Foshan Ceramic Ltd', 'key', '60000.00'));
    ids.push(await client(admin, 'Shantou Toys Ltd', 'basic', '30000.00'));
    ids.push(await client(admin, 'Zhuhai Marine Ltd', 'basic', '10000.00'));
    ids.push(await client(admin, 'Huizhou Lamps Ltd', 'standard', '5000.00'));
    for (const [index, score] of [9, 10, 3].entries()) {
      expect(
        (
          await admin.post(`/v1/clients/${ids[index]}/satisfaction`, {
            kind: 'nps',
            score,
            comment: 'quarterly survey',
            managerId: 'M-BD1',
          })
        ).status,
      ).toBeLessThan(300);
    }
    expect(
      (await admin.put(`/v1/clients/${ids[2]}/facilities/F-1`, { limit: '100000.00', currency: 'CNY' })).status,
    ).toBeLessThan(300);
    expect(
      (await admin.post(`/v1/clients/${ids[2]}/facilities/F-1/past-due`, { daysPastDue: 35, amountOverdue: '100.00' }))
        .status,
    ).toBeLessThan(300);
  });

  afterAll(async () => {
    await c?.stop();
  });

  it('shows the branch head the figures the API gives for the branch', async () => {
    const head = await c.apiAs({ role: 'branch_head', branchId: BRANCH });
    const page = await c.newPage();
    await c.signIn(page, { role: 'branch_head', branchId: BRANCH });
    await page.getByTestId('branch-dashboard').waitFor();
    // The risk monitor raises the arrear's alerts in the background: wait until the API counts them.
    const alertsCounted = async (): Promise<Dashboard> => {
      for (;;) {
        const answer = (await head.get<Dashboard>(`/v1/branches/${BRANCH}/dashboard`)).body;
        if (Object.values(answer.openAlertsBySeverity).reduce((a, b) => a + b, 0) >= 2) return answer;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const api = await alertsCounted();
    await page.reload();
    await c.signIn(page, { role: 'branch_head', branchId: BRANCH });
    await page.getByTestId('branch-dashboard').waitFor();
    expect(await page.getByTestId('figure-clients').textContent()).toBe(String(api.clients));
    expect(await page.getByTestId('figure-nps').textContent()).toBe(String(Math.round(api.nps ?? NaN)));
    expect(await page.getByTestId('figure-core-coverage').textContent()).toBe(
      `${Math.round((api.coreCoverage ?? NaN) * 1000) / 10}%`,
    );
    expect(await chartFigures(page, 'chart-tiers')).toEqual(
      Object.fromEntries(
        ['core', 'key', 'standard', 'basic'].map((tier) => [tier, String(api.clientsByTier[tier] ?? 0)]),
      ),
    );
    expect(await chartFigures(page, 'chart-alerts')).toEqual(
      Object.fromEntries(
        ['low', 'medium', 'high', 'critical'].map((s) => [s, String(api.openAlertsBySeverity[s] ?? 0)]),
      ),
    );
    expect(await page.getByTestId('figure-pareto').textContent()).toContain(
      `${Math.round((api.paretoTop20Share ?? NaN) * 1000) / 10}%`,
    );
    expect(api.clients).toBe(5);
  });

  it('shows the DPO who read a client, and erases it only once confirmed', async () => {
    const manager = await c.apiAs({ role: 'relationship_manager', managerId: 'M-BD1' });
    expect((await manager.get(`/v1/clients/${ids[1]}`)).status).toBe(200);
    const page = await c.newPage();
    await c.signIn(page, { role: 'dpo' });
    await page.getByLabel('Client id').fill(ids[1] ?? '');
    await page.getByRole('button', { name: 'Open' }).click();
    const log = page.getByTestId('access-log');
    await log.waitFor();
    expect(await log.locator('tbody tr', { hasText: 'M-BD1' }).count()).toBeGreaterThan(0);

    const erasure = page.getByTestId('erasure');
    await erasure.getByLabel(/Legal basis/).fill('PIPL art. 47, ticket DPO-2026-118');
    const button = erasure.getByRole('button', { name: 'Erase personal data' });
    expect(await button.isDisabled()).toBe(true);
    await erasure.getByLabel('Type the client id to confirm').fill('not the id');
    expect(await button.isDisabled()).toBe(true);
    await erasure.getByLabel('Type the client id to confirm').fill(ids[1] ?? '');
    expect(await button.isDisabled()).toBe(false);
    await button.click();
    await erasure.getByTestId('erased').waitFor();
    const view = await admin.get<{ legalName: string; contact: { email: string } }>(`/v1/clients/${ids[1]}`);
    expect([view.body.legalName, view.body.contact.email]).toEqual(['[erased]', '[erased]']);
  });

  it.each(['en', 'zh-CN'])(
    'has no serious accessibility violation on the dashboard and the DPO page (%s)',
    async (locale) => {
      const page = await c.newPage();
      await c.signIn(page, { role: 'branch_head', branchId: BRANCH });
      await page.getByTestId('language').selectOption(locale);
      await page.getByTestId('branch-dashboard').waitFor();
      expect(await c.seriousViolations(page)).toEqual([]);
      const dpo = await c.newPage();
      await c.signIn(dpo, { role: 'dpo' });
      await dpo.getByTestId('language').selectOption(locale);
      await dpo.goto(`${c.url}#/dpo/clients/${ids[0]}`);
      await dpo.getByTestId('access-log').or(dpo.getByTestId('dpo-client-page').locator('p.muted')).first().waitFor();
      expect(await c.seriousViolations(dpo)).toEqual([]);
    },
  );
});
