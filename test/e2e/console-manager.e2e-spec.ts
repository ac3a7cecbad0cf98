import type { Page } from 'playwright-core';
import type { ApiClient } from '@crm/testing';
import {
  describeWithChromium,
  startConsole,
  until,
  type ConsoleUnderTest,
} from '../../libs/testing/src/console-browser';

type Write = { id: string; position: string };
type Contacts = { items: { summary: string | null; channel: string }[] };
type Portfolio = { clients: { id: string; riskLevel: string; openAlerts: number }[] };

/** A covered client of BR-CM registered, converted, graded and assigned to `managerId` through the API. */
const coveredClient = async (admin: ApiClient, managerId: string, name: string, tier: string): Promise<string> => {
  const registered = await admin.post<Write>('/v1/clients', {
    branchId: 'BR-CM',
    segment: 'corporate',
    industry: 'logistics',
    legalName: name,
    registrationNo: `9131${Math.random().toString().slice(2, 12)}`,
    contact: { email: 'ops@client.example' },
    source: 'referral',
  });
  expect(registered.status).toBe(201);
  const id = registered.body.id;
  expect((await admin.post(`/v1/clients/${id}/conversion`, {})).status).toBe(200);
  expect((await admin.put(`/v1/clients/${id}/manager`, { managerId, reason: 'coverage' })).status).toBe(200);
  expect((await admin.put(`/v1/clients/${id}/tier`, { tier, reason: 'review' })).status).toBe(200);
  return id;
};

const rowNames = async (page: Page): Promise<string[]> =>
  page.getByTestId('portfolio-table').locator('tbody tr td:first-child').allTextContents();

describeWithChromium('web console: the relationship manager’s day (Chromium against the API process)', () => {
  let c: ConsoleUnderTest;
  let admin: ApiClient;
  const ids: Record<'core' | 'basic' | 'key', string> = { core: '', basic: '', key: '' };

  beforeAll(async () => {
    c = await startConsole();
    admin = await c.apiAs({ role: 'admin' });
    for (const managerId of ['M-CM1', 'M-CM2']) {
      const created = await admin.post('/v1/managers', {
        managerId,
        name: `Manager ${managerId}`,
        branchId: 'BR-CM',
        level: 'senior',
      });
      expect(created.status).toBe(201);
    }
    ids.core = await coveredClient(admin, 'M-CM1', 'Suzhou Harbour Logistics Ltd', 'core');
    ids.basic = await coveredClient(admin, 'M-CM1', 'Anhui Bright Textiles Ltd', 'basic');
    ids.key = await coveredClient(admin, 'M-CM1', 'Ningbo Clear Water Ltd', 'key');
    expect(
      (await admin.put(`/v1/clients/${ids.core}/facilities/F-1`, { limit: '1000000.00', currency: 'CNY' })).status,
    ).toBeLessThan(300);
    const arrear = { daysPastDue: 35, amountOverdue: '50000.00' };
    expect((await admin.post(`/v1/clients/${ids.core}/facilities/F-1/past-due`, arrear)).status).toBeLessThan(300);
    await until(
      () => admin.get<Portfolio>('/v1/managers/M-CM1/portfolio'),
      (answer) => answer.body.clients.some((client) => client.id === ids.core && client.riskLevel === 'high'),
      'the arrear raise the client’s risk level',
    );
  });

  afterAll(async () => {
    await c?.stop();
  });

  it('shows the manager’s portfolio, sorted and filtered as the manager asks', async () => {
    const page = await c.newPage();
    await c.signIn(page, { role: 'relationship_manager', managerId: 'M-CM1' });
    await page.getByTestId('portfolio-table').waitFor();
    expect(await rowNames(page)).toEqual([
      'Anhui Bright Textiles Ltd',
      'Ningbo Clear Water Ltd',
      'Suzhou Harbour Logistics Ltd',
    ]);
    await page.getByRole('button', { name: 'Sort by Client' }).click();
    expect(await rowNames(page)).toEqual([
      'Suzhou Harbour Logistics Ltd',
      'Ningbo Clear Water Ltd',
      'Anhui Bright Textiles Ltd',
    ]);
    expect(await page.locator('th[aria-sort=descending]').textContent()).toBe('Client');
    await page.getByRole('button', { name: 'Sort by Tier' }).click();
    expect(await rowNames(page)).toEqual([
      'Suzhou Harbour Logistics Ltd',
      'Ningbo Clear Water Ltd',
      'Anhui Bright Textiles Ltd',
    ]);
    await page.getByLabel('Tier', { exact: true }).selectOption('basic');
    expect(await rowNames(page)).toEqual(['Anhui Bright Textiles Ltd']);
    await page.getByLabel('Tier', { exact: true }).selectOption('');
    await page.getByLabel('Risk level', { exact: true }).selectOption('high');
    expect(await rowNames(page)).toEqual(['Suzhou Harbour Logistics Ltd']);
    expect(await page.locator('tbody tr td:nth-child(6)').textContent()).toBe('High');
    await page.getByLabel('Risk level', { exact: true }).selectOption('');
    await page.getByLabel('Client name contains').fill('water');
    expect(await rowNames(page)).toEqual(['Ningbo Clear Water Ltd']);
    await page.getByRole('button', { name: 'Sort by Open alerts' }).click();
    expect(await page.locator('th[aria-sort=ascending]').textContent()).toBe('Open alerts');
    expect(await page.getByTestId('portfolio-total-clients').textContent()).toBe('3');
  });

  it('logs a contact through the form and sees it in the timeline and the notes', async () => {
    const page = await c.newPage();
    await c.signIn(page, { role: 'relationship_manager', managerId: 'M-CM1' });
    await page.getByRole('link', { name: 'Suzhou Harbour Logistics Ltd' }).click();
    await page.getByTestId('client-view').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Suzhou Harbour Logistics Ltd');
    expect(await page.getByTestId('client-facilities').locator('tbody td').allTextContents()).toEqual([
      'F-1',
      'CN¥1,000,000.00',
      'CN¥0.00',
      'CN¥50,000.00',
      '35',
    ]);
    await page.getByTestId('client-alerts').getByText('EW-DPD').waitFor();
    await page
      .getByTestId('client-risk-cases')
      .getByRole('link', { name: `${ids.core}.1` })
      .waitFor({ timeout: 10000 });
    const form = page.getByTestId('contact-form');
    await form.getByLabel('Channel').selectOption('meeting');
    await form.getByLabel('Notes').fill('Discussed the warehouse loan with the CFO.');
    await form.getByRole('button', { name: 'Save' }).click();
    await page
      .getByTestId('client-contacts')
      .getByText('Discussed the warehouse loan with the CFO.')
      .waitFor({ timeout: 10000 });
    await page
      .getByTestId('client-timeline')
      .locator('li[data-type=ContactLogged]')
      .first()
      .waitFor({ timeout: 10000 });
    const stored = await (
      await c.apiAs({ role: 'relationship_manager', managerId: 'M-CM1' })
    ).get<Contacts>(`/v1/clients/${ids.core}/contacts`);
    expect(stored.body.items.map((item) => [item.channel, item.summary])).toEqual([
      ['meeting', 'Discussed the warehouse loan with the CFO.'],
    ]);
  });

  it('shows the API’s field error beside the field it names, and stores nothing', async () => {
    const page = await c.newPage();
    await c.signIn(page, { role: 'relationship_manager', managerId: 'M-CM1' });
    await page.goto(`${c.url}#/clients/${ids.basic}`);
    const form = page.getByTestId('contact-form');
    await form.getByLabel('Notes').fill('x'.repeat(4001));
    await form.getByRole('button', { name: 'Save' }).click();
    const error = form.locator('#contact-summary-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/summary/);
    expect(await form.getByLabel('Notes').getAttribute('aria-invalid')).toBe('true');
    const stored = await admin.get<Contacts>(`/v1/clients/${ids.basic}/contacts`);
    expect(stored.body.items).toEqual([]);
  });

  it('gives another manager the not-found page for a client that is not theirs', async () => {
    const page = await c.newPage();
    await c.signIn(page, { role: 'relationship_manager', managerId: 'M-CM2' });
    await page.goto(`${c.url}#/clients/${ids.core}`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByText('Suzhou Harbour Logistics Ltd').count()).toBe(0);
  });

  it('reads the client as it stood before a change, from an instant or a date picked', async () => {
    // Key again first when a failed try already made it standard: the retry then checks the same change.
    const current = await admin.get<{ tier: string }>(`/v1/clients/${ids.key}`);
    if (current.body.tier !== 'key') {
      const back = await admin.put<Write>(`/v1/clients/${ids.key}/tier`, { tier: 'key', reason: 'review' });
      expect((await admin.get(`/v1/clients/${ids.key}?minPosition=${back.body.position}`)).status).toBe(200);
    }
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const changed = await admin.put<Write>(`/v1/clients/${ids.key}/tier`, { tier: 'standard', reason: 'review' });
    expect(changed.status).toBe(200);
    expect((await admin.get(`/v1/clients/${ids.key}?minPosition=${changed.body.position}`)).status).toBe(200);
    const page = await c.newPage();
    await c.signIn(page, { role: 'relationship_manager', managerId: 'M-CM1' });
    await page.goto(`${c.url}#/clients/${ids.key}`);
    await page.getByTestId('client-view').waitFor();
    expect(await page.getByTestId('client-tier').textContent()).toBe('Standard');
    await page.goto(`${c.url}#/clients/${ids.key}?asOf=${encodeURIComponent(before)}`);
    await page.locator('[data-testid=client-tier]', { hasText: 'Key' }).waitFor();
    expect(await page.getByTestId('contact-form').count()).toBe(0);
    await page.getByLabel('As of (end of day)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('not-found').waitFor();
    expect(await page.evaluate<string>('location.hash')).toBe(`#/clients/${ids.key}?asOf=2020-01-01`);
  });

  it.each(['en', 'zh-CN'])(
    'has no serious accessibility violation on the portfolio and client page (%s)',
    async (locale) => {
      const page = await c.newPage();
      await c.signIn(page, { role: 'relationship_manager', managerId: 'M-CM1' });
      await page.getByTestId('language').selectOption(locale);
      await page.getByTestId('portfolio-table').waitFor();
      expect(await c.seriousViolations(page)).toEqual([]);
      await page.goto(`${c.url}#/clients/${ids.core}`);
      await page.getByTestId('client-timeline').waitFor();
      await page.getByTestId('client-risk-cases').waitFor({ timeout: 10000 });
      const converted = locale === 'en' ? 'Became a client' : '转为正式客户';
      expect(
        await page.getByTestId('client-timeline').locator('li[data-type=ProspectConverted] strong').textContent(),
      ).toBe(converted);
      expect(await c.seriousViolations(page)).toEqual([]);
    },
  );
});
