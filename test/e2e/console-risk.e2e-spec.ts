import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import type { Page } from 'playwright-core';
import type { ApiClient } from '@crm/testing';
import { describeWithChromium, startConsole, type ConsoleUnderTest } from '../../libs/testing/src/console-browser';

type Write = { id: string; position: string };
type AlertList = { items: { id: string; ruleId: string; status: string; clientId: string }[] };

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
 * Another tab: a console page that mints its own token and reports an arrear from the page, as a
 * second person at another desk would. Returns when the API has answered the command.
 */
const reportArrearFromAnotherTab = async (tab: Page, clientId: string): Promise<number> => {
  const status = await tab.evaluate<number>(`(async () => {
    const minted = await fetch('/v1/dev/tokens', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'u-core-desk', role: 'admin' }),
    });
    const { token } = await minted.json();
    const answer = await fetch('/v1/clients/${clientId}/facilities/F-1/past-due', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ daysPastDue: 35, amountOverdue: '50000.00' }),
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

describeWithChromium('web console: the risk officer’s queue (Chromium against the API process)', () => {
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

  it('shows an alert raised from another tab within 2 seconds, without reload, and resolves it', async () => {
    const clientId = await clientWithFacility(admin, 'Xiamen Freight Ltd');
    const officer = await c.newPage();
    await c.signIn(officer, { role: 'risk_officer' });
    await officer.locator('[data-testid=feed-state][data-state=live]').waitFor();
    const tab = await c.newPage();
    await tab.goto(c.url);
    const answered = await reportArrearFromAnotherTab(tab, clientId);
    await queueRow(officer, clientId, 'EW-DPD').waitFor({ timeout: 10000 });
    expect(Date.now() - answered).toBeLessThan(2000);

    const row = queueRow(officer, clientId, 'EW-DPD');
    await row.getByRole('button', { name: 'Resolve…' }).click();
    await row.getByLabel('Outcome').selectOption('actioned');
    await row.getByLabel('Note').fill('Arrears cleared after a call with the CFO.');
    await row.getByRole('button', { name: 'Resolve', exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: 5000 });
    const alerts = await admin.get<AlertList>(`/v1/alerts?clientId=${clientId}&status=resolved`);
    expect(alerts.body.items.map((alert) => alert.ruleId)).toEqual(['EW-DPD']);
  });

  it('says so when the feed drops, then catches up on what was raised meanwhile', async () => {
    const clientId = await clientWithFacility(admin, 'Fuzhou Tea Traders Ltd');
    const network = await cuttableLink(new URL(c.api.base).port);
    try {
      const officer = await c.newPage();
      await c.signIn(officer, { role: 'risk_officer' }, `${network.url}/console/`);
      await officer.locator('[data-testid=feed-state][data-state=live]').waitFor();
      network.cut();
      await officer.locator('[data-testid=feed-state][data-state=reconnecting]').waitFor({ timeout: 10000 });
      const raised = await admin.post(`/v1/clients/${clientId}/facilities/F-1/past-due`, {
        daysPastDue: 35,
        amountOverdue: '20000.00',
      });
      expect(raised.status).toBeLessThan(300);
      await officer.waitForTimeout(1000);
      expect(await queueRow(officer, clientId, 'EW-DPD').count()).toBe(0);
      network.restore();
      await officer.locator('[data-testid=feed-state][data-state=live]').waitFor({ timeout: 10000 });
      await queueRow(officer, clientId, 'EW-DPD').waitFor({ timeout: 10000 });
    } finally {
      await network.close();
    }
  });

  it('filters the queue by severity on the server', async () => {
    const clientId = await clientWithFacility(admin, 'Zhangzhou Fruit Co Ltd');
    const officer = await c.newPage();
    await c.signIn(officer, { role: 'risk_officer' });
    await officer.locator('[data-testid=feed-state][data-state=live]').waitFor();
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
    const severities = await officer.getByTestId('alert-queue').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(severities)).toEqual(new Set(['High']));
    expect(await queueRow(officer, clientId, 'EW-CLASS-FLOOR').count()).toBe(0);
  });

  it('opens a risk case with its context and takes a comment', async () => {
    const clientId = await clientWithFacility(admin, 'Quanzhou Stone Works Ltd');
    expect(
      (await admin.post(`/v1/clients/${clientId}/facilities/F-1/past-due`, { daysPastDue: 35, amountOverdue: '1.00' }))
        .status,
    ).toBeLessThan(300);
    const officer = await c.newPage();
    await c.signIn(officer, { role: 'risk_officer' });
    await officer.goto(`${c.url}#/cases/${clientId}.1`);
    await officer.getByTestId('case-context').waitFor({ timeout: 10000 });
    expect(await officer.getByTestId('case-context').textContent()).toContain('Quanzhou Stone Works Ltd');
    await officer.getByLabel('Comment', { exact: true }).fill('Called the manager: a one-off delay.');
    await officer.getByRole('button', { name: 'Add comment' }).click();
    await officer.getByTestId('case-comments').getByText('Called the manager: a one-off delay.').waitFor();
    for (const locale of ['en', 'zh-CN']) {
      await officer.getByTestId('language').selectOption(locale);
      expect(await c.seriousViolations(officer)).toEqual([]);
    }
  });

  it.each(['en', 'zh-CN'])('has no serious accessibility violation on the queue (%s)', async (locale) => {
    const officer = await c.newPage();
    await c.signIn(officer, { role: 'risk_officer' });
    await officer.getByTestId('language').selectOption(locale);
    await officer.getByTestId('alert-queue').waitFor();
    expect(await c.seriousViolations(officer)).toEqual([]);
  });
});
