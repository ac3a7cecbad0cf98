import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import type { Page } from 'playwright-core';
import type { ApiClient } from '@crm/testing';
import {
  describeWithChromium,
  startConsole,
  until,
  type ConsoleUnderTest,
} from '../../libs/testing/src/console-browser';

type Write = { id: string; position: string };
type AlertView = { id: string; ruleId: string; status: string; severity: string; escalatedTo: string | null };
type AlertList = { items: (AlertView & { clientId: string; outcome: string | null })[] };
type RiskCase = {
  assignee: string | null;
  alerts: { ruleId: string }[];
  comments: { author: string; body: string }[];
  context: { legalName: string; facilities: { id: string; daysPastDue: number }[] };
};
type Proposal = { status: string; decidedBy: string | null };

/** A client of BR-RK with a facility, covered by M-RK1; arrears on it raise EW-DPD. */
const clientWithFacility = async (admin: ApiClient, name: string): Promise<string> => {
  const registered = await admin.post<Write>('/v1/clients', {
    branchId: 'BR-RK',
    segment: 'corporate',
    industry: 'logistics',
    legalName: name,
    registrationNo: `9135${Math.random().toString().slice(2, 12)}`,
    contact: { email: 'ops@client.example' },
    source: 'referral',
  });
  expect(registered.status).toBe(201);
  const id = registered.body.id;
  expect((await admin.post(`/v1/clients/${id}/conversion`, {})).status).toBe(200);
  expect((await admin.put(`/v1/clients/${id}/manager`, { managerId: 'M-RK1', reason: 'coverage' })).status).toBe(200);
  expect(
    (await admin.put(`/v1/clients/${id}/facilities/F-1`, { limit: '1000000.00', currency: 'CNY' })).status,
  ).toBeLessThan(300);
  return id;
};

/**
 * Another tab: a console page that mints its own token and sends a command from the page, as a
 * second person at another desk would. Returns when the API has answered the command.
 */
const fromAnotherTab = async (tab: Page, path: string, body: unknown): Promise<number> => {
  const status = await tab.evaluate<number>(`(async () => {
    const minted = await fetch('/v1/dev/tokens', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'u-core-desk', role: 'admin' }),
    });
    const { token } = await minted.json();
    const answer = await fetch(${JSON.stringify(path)}, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: ${JSON.stringify(JSON.stringify(body))},
    });
    return answer.status;
  })()`);
  expect(status).toBeLessThan(300);
  return Date.now();
};

/**
 * A TCP link between the browser and the API that the test can cut (every open connection reset,
 * new ones refused) and restore: a real network drop, which the browser's offline emulation is not
 * for a response already streaming.
 */
const cuttableLink = async (apiPort: string) => {
  const sockets = new Set<Socket>();
  let cut = false;
  const server = createServer((inbound) => {
    if (cut) return void inbound.destroy();
    const outbound = connect(Number(apiPort), '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      cut = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore: () => {
      cut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

const queueRow = (page: Page, clientId: string, ruleId: string) =>
  page.getByTestId('alert-queue').locator(`tr[data-alert-id="${ruleId}.${clientId}.1"]`);

/**
 * Polls `read` until it answers `expected` (the feed changes the queue a moment after a command),
 * then compares, so a timeout shows what the page held instead.
 */
const eventually = async <T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toEqual(expected);
};

/** The distinct texts of one column of the queue, sorted. */
const column = async (page: Page, index: number): Promise<string[]> => {
  const texts = await page.getByTestId('alert-queue').locator(`tbody tr td:nth-child(${index})`).allTextContents();
  return [...new Set(texts)].sort();
};

/** A mark set in the page's memory: still there later means the page was never reloaded. */
const markPage = (page: Page) => page.evaluate('window.__notReloaded = true');
const stillMarked = (page: Page) => page.evaluate<boolean>('window.__notReloaded === true');

const signedInOfficer = async (c: ConsoleUnderTest, sub = 'u-risk-officer'): Promise<Page> => {
  const officer = await c.newPage();
  await c.signIn(officer, { role: 'risk_officer', sub });
  await officer.locator('[data-testid=feed-state][data-state=live]').waitFor();
  await officer.getByTestId('queue-count').waitFor();
  return officer;
};

describeWithChromium('web console: the risk officer’s pages (Chromium against the API process)', () => {
  let c: ConsoleUnderTest;
  let admin: ApiClient;

  beforeAll(async () => {
    c = await startConsole();
    admin = await c.apiAs({ role: 'admin' });
    const created = await admin.post('/v1/managers', {
      managerId: 'M-RK1',
      name: 'Qian Li',
      branchId: 'BR-RK',
      level: 'senior',
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await c?.stop();
  });

  it('shows an alert raised from another tab within 2 seconds, keeps its state current in place, and resolves it', async () => {
    const clientId = await clientWithFacility(admin, 'Xiamen Freight Ltd');
    const officer = await signedInOfficer(c);
    await markPage(officer);
    const tab = await c.newPage();
    await tab.goto(c.url);
    const answered = await fromAnotherTab(tab, `/v1/clients/${clientId}/facilities/F-1/past-due`, {
      daysPastDue: 35,
      amountOverdue: '50000.00',
    });
    const row = queueRow(officer, clientId, 'EW-DPD');
    await row.waitFor({ timeout: 10000 });
    expect(Date.now() - answered).toBeLessThan(2000);
    expect(await row.getByTestId('alert-status').textContent()).toBe('Open');

    await fromAnotherTab(tab, `/v1/alerts/EW-DPD.${clientId}.1/acknowledgement`, {});
    await eventually(() => row.getByTestId('alert-status').textContent(), 'Acknowledged');

    await row.getByRole('button', { name: 'Escalate…' }).click();
    await row.getByRole('button', { name: 'Escalate', exact: true }).click();
    await row.locator('[aria-invalid=true]').waitFor();
    expect(await row.locator('.field-error').textContent()).toContain('reason');
    await row.getByLabel('Reason').fill('Second missed payment this quarter');
    await row.getByLabel('New severity').selectOption('critical');
    await row.getByRole('button', { name: 'Escalate', exact: true }).click();
    await eventually(() => row.getByTestId('alert-status').textContent(), 'Escalated');
    expect(await row.locator('td').nth(1).textContent()).toBe('Critical');

    await row.getByTestId('case-link').waitFor({ timeout: 5000 });
    expect(await row.getByTestId('case-link').getAttribute('href')).toBe(`#/cases/${clientId}.1`);

    await row.getByRole('button', { name: 'Resolve…' }).click();
    await row.getByLabel('Outcome').selectOption('actioned');
    await row.getByRole('button', { name: 'Resolve', exact: true }).click();
    await row.locator('.field-error').waitFor();
    expect(await row.locator('.field-error').textContent()).toContain('note');
    await row.getByLabel('Note').fill('Arrears cleared after a call with the CFO.');
    await row.getByRole('button', { name: 'Resolve', exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: 10000 });
    const alerts = await admin.get<AlertList>(`/v1/alerts?clientId=${clientId}&status=resolved`);
    expect(alerts.body.items.map((alert) => [alert.ruleId, alert.severity, alert.outcome, alert.escalatedTo])).toEqual([
      ['EW-DPD', 'critical', 'actioned', 'credit_committee'],
    ]);
    expect(await stillMarked(officer)).toBe(true);
  });

  it('says so when the feed drops, then catches up on what was raised meanwhile', async () => {
    const clientId = await clientWithFacility(admin, 'Fuzhou Tea Traders Ltd');
    const network = await cuttableLink(new URL(c.api.base).port);
    try {
      const officer = await c.newPage();
      await c.signIn(officer, { role: 'risk_officer' }, `${network.url}/console/`);
      const feedState = officer.getByTestId('feed-state');
      expect([await feedState.getAttribute('role'), await feedState.getAttribute('aria-live')]).toEqual([
        'status',
        'polite',
      ]);
      await officer.locator('[data-testid=feed-state][data-state=live]').waitFor();
      await markPage(officer);
      network.cut();
      await officer.locator('[data-testid=feed-state][data-state=reconnecting]').waitFor({ timeout: 10000 });
      expect(await feedState.textContent()).toContain('reconnecting');
      const raised = await admin.post(`/v1/clients/${clientId}/facilities/F-1/past-due`, {
        daysPastDue: 35,
        amountOverdue: '20000.00',
      });
      expect(raised.status).toBeLessThan(300);
      await officer.waitForTimeout(1000);
      expect(await queueRow(officer, clientId, 'EW-DPD').count()).toBe(0);
      network.restore();
      await officer.locator('[data-testid=feed-state][data-state=live]').waitFor({ timeout: 10000 });
      expect(await feedState.textContent()).toContain('Live');
      await queueRow(officer, clientId, 'EW-DPD').waitFor({ timeout: 10000 });
      expect(await stillMarked(officer)).toBe(true);
    } finally {
      await network.close();
    }
  });

  it('filters the queue by severity, rule and branch, subscribing again to the narrowed feed', async () => {
    const clientId = await clientWithFacility(admin, 'Zhangzhou Fruit Co Ltd');
    const officer = await signedInOfficer(c);
    expect(
      (await admin.post(`/v1/clients/${clientId}/facilities/F-1/past-due`, { daysPastDue: 35, amountOverdue: '9.00' }))
        .status,
    ).toBeLessThan(300);
    await queueRow(officer, clientId, 'EW-DPD').waitFor({ timeout: 10000 });
    await queueRow(officer, clientId, 'EW-CLASS-FLOOR').waitFor({ timeout: 10000 });
    await officer.getByLabel('Severity', { exact: true }).selectOption('critical');
    await officer.getByText('No alert is waiting.').waitFor();
    await officer.getByLabel('Severity', { exact: true }).selectOption('high');
    await queueRow(officer, clientId, 'EW-DPD').waitFor();
    expect(await column(officer, 2)).toEqual(['High']);
    expect(await queueRow(officer, clientId, 'EW-CLASS-FLOOR').count()).toBe(0);

    await officer.getByLabel('Severity', { exact: true }).selectOption('');
    await officer.getByLabel('Branch', { exact: true }).fill('BR-ELSEWHERE');
    await officer.getByLabel('Branch', { exact: true }).press('Enter');
    await officer.getByText('No alert is waiting.').waitFor();
    await officer.getByLabel('Branch', { exact: true }).fill('BR-RK');
    await officer.getByLabel('Rule', { exact: true }).fill('EW-CLASS-FLOOR');
    await officer.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(() => column(officer, 3), ['EW-CLASS-FLOOR']);
    await officer.locator('[data-testid=feed-state][data-state=live]').waitFor();
    const later = await clientWithFacility(admin, 'Putian Shoes Ltd');
    expect(
      (await admin.post(`/v1/clients/${later}/facilities/F-1/past-due`, { daysPastDue: 35, amountOverdue: '9.00' }))
        .status,
    ).toBeLessThan(300);
    await queueRow(officer, later, 'EW-CLASS-FLOOR').waitFor({ timeout: 5000 });
    // The EW-DPD alert raised with it never reaches this narrowed queue.
    await officer.waitForTimeout(500);
    expect(await column(officer, 3)).toEqual(['EW-CLASS-FLOOR']);

    await officer.getByLabel('Rule', { exact: true }).fill('not a rule!');
    await officer.getByRole('button', { name: 'Apply filters' }).click();
    await officer.locator('#queue-rule[aria-invalid=true]').waitFor();
    expect(await officer.locator('#queue-rule-error').textContent()).toContain('ruleId');
  });

  it('opens a risk case from the queue with its context, takes a comment and an assignee', async () => {
    const clientId = await clientWithFacility(admin, 'Quanzhou Stone Works Ltd');
    const officer = await signedInOfficer(c);
    expect(
      (await admin.post(`/v1/clients/${clientId}/facilities/F-1/past-due`, { daysPastDue: 35, amountOverdue: '1.00' }))
        .status,
    ).toBeLessThan(300);
    const link = queueRow(officer, clientId, 'EW-DPD').getByTestId('case-link');
    await link.waitFor({ timeout: 10000 });
    await link.click();
    await officer.getByTestId('case-context').waitFor({ timeout: 10000 });
    const held = (await admin.get<RiskCase>(`/v1/risk-cases/${clientId}.1`)).body;
    expect(await officer.locator('h1').textContent()).toBe(`Risk case: ${held.context.legalName}`);
    expect(held.context.legalName).toBe('Quanzhou Stone Works Ltd');
    const facility = officer.getByTestId('case-facilities').locator('tbody tr');
    expect(await facility.locator('td').first().textContent()).toBe('F-1');
    expect(await facility.locator('td').nth(4).textContent()).toBe(String(held.context.facilities[0]?.daysPastDue));
    const shownRules = await officer.getByTestId('case-alerts').locator('tbody tr td:first-child').allTextContents();
    expect(shownRules.sort()).toEqual(held.alerts.map((alert) => alert.ruleId).sort());

    await officer.getByRole('button', { name: 'Add comment' }).click();
    await officer.locator('#case-comment[aria-invalid=true]').waitFor();
    await officer.getByLabel('Comment', { exact: true }).fill('Called the manager: a one-off delay.');
    await officer.getByRole('button', { name: 'Add comment' }).click();
    await officer.getByTestId('case-comments').getByText('Called the manager: a one-off delay.').waitFor();
    await officer.getByLabel('Assignee (user id)').fill('u-risk-2');
    await officer.getByRole('button', { name: 'Assign', exact: true }).click();
    await officer.getByTestId('case-assignee').getByText('Assigned to u-risk-2.').waitFor();
    const after = (await admin.get<RiskCase>(`/v1/risk-cases/${clientId}.1`)).body;
    expect(after.assignee).toBe('u-risk-2');
    expect(after.comments).toEqual([
      { ...after.comments[0], author: 'u-risk-officer', body: 'Called the manager: a one-off delay.' },
    ]);
    for (const locale of ['en', 'zh-CN']) {
      await officer.getByTestId('language').selectOption(locale);
      await officer.getByTestId('case-context').waitFor();
      expect(await c.seriousViolations(officer)).toEqual([]);
    }
  });

  it('refuses the maker’s own approval, shows field errors, and takes another officer’s approval', async () => {
    const clientId = await clientWithFacility(admin, 'Longyan Mining Ltd');
    const officerApi = await c.apiAs({ role: 'risk_officer', sub: 'u-rk-rater' });
    expect(
      (await officerApi.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'BBB', reason: 'onboarding' })).status,
    ).toBe(200);
    const maker = await c.apiAs({
      role: 'relationship_manager',
      sub: 'u-rk-maker',
      managerId: 'M-RK1',
      branchId: 'BR-RK',
    });
    const held = await maker.put<{ proposalId: string }>(`/v1/clients/${clientId}/credit-rating`, {
      rating: 'BB',
      reason: 'weaker cash flow',
    });
    expect(held.status).toBe(202);
    const proposalId = held.body.proposalId;
    const card = (page: Page) => page.locator(`[data-testid=proposal][data-proposal-id="${proposalId}"]`);

    // The approvals page lists the clients the read model shows waiting, read once on opening:
    // opened before the projector has taken the proposal, it would rightly not show it.
    await until(
      () => admin.get<{ items: { id: string }[] }>('/v1/clients?creditApproval=pending&limit=50'),
      (answer) => answer.body.items.some((item) => item.id === clientId),
      'the proposal in the read model',
    );
    const makerAsOfficer = await c.newPage();
    await c.signIn(makerAsOfficer, { role: 'risk_officer', sub: 'u-rk-maker' });
    await makerAsOfficer.goto(`${c.url}#/approvals`);
    await card(makerAsOfficer).waitFor({ timeout: 10000 });
    await card(makerAsOfficer).getByRole('button', { name: 'Approve' }).click();
    await card(makerAsOfficer).getByTestId('decision-error').waitFor();
    expect(await card(makerAsOfficer).getByTestId('decision-error').textContent()).toContain('you may not approve it');
    expect((await admin.get<Proposal>(`/v1/credit-proposals/${proposalId}`)).body.status).toBe('pending');

    const checker = await c.newPage();
    await c.signIn(checker, { role: 'risk_officer', sub: 'u-rk-checker' });
    await checker.goto(`${c.url}#/approvals`);
    await card(checker).waitFor({ timeout: 10000 });
    await card(checker).getByRole('button', { name: 'Reject' }).click();
    await card(checker).locator('.field-error').waitFor();
    expect(await card(checker).getByLabel('Reason for rejecting').getAttribute('aria-invalid')).toBe('true');
    expect(await c.seriousViolations(checker)).toEqual([]);
    await card(checker).getByRole('button', { name: 'Approve' }).click();
    await card(checker).locator('[data-testid=proposal-status][data-status=approved]').waitFor();
    expect(await card(checker).getByTestId('proposal-status').textContent()).toBe('Approved');
    const decided = (await admin.get<Proposal>(`/v1/credit-proposals/${proposalId}`)).body;
    expect([decided.status, decided.decidedBy]).toEqual(['approved', 'u-rk-checker']);
    const view = await admin.get<{ credit: { rating: string } }>(`/v1/clients/${clientId}`);
    expect(view.body.credit.rating).toBe('BB');
  });

  it.each(['en', 'zh-CN'])('has no serious accessibility violation on the queue (%s)', async (locale) => {
    const officer = await signedInOfficer(c);
    await officer.getByTestId('language').selectOption(locale);
    await officer.getByTestId('alert-queue').waitFor();
    await officer.getByTestId('alert-queue').locator('tbody tr').first().getByRole('button').last().click();
    expect(await c.seriousViolations(officer)).toEqual([]);
  });
});
