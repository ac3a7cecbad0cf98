import { join } from 'node:path';
import { addDays, bankDateOf } from '@crm/domain';
import { scratchDir, SseClient, startApiProcess, type ApiClient, type ApiProcess } from '@crm/testing';

type Alert = { id: string; ruleId: string; severity: string; status: string; reason: string };
type AlertList = { items: Alert[] };
type Facility = { id: string; type: string | null; overdueSince: string | null; daysPastDue: number };
type View = {
  revision: number;
  credit: {
    classification: string | null;
    facilities: Facility[];
    classificationFloor: { floor: string; facilityId: string; daysPastDue: number; met: boolean } | null;
  };
};
type FieldErrors = { code: string; errors?: { field: string; message: string }[] };

const DAY_MS = 86_400_000;
const ZONE = 'Asia/Shanghai';

/**
 * Arrears that age, through the real API process and its embedded risk monitor: one past-due
 * report, then the monitor's clock moved forward (RISK_MONITOR_NOW, a restart each time) raises
 * EW-DPD at 30 days and escalates it at 90, while EW-CLASS-FLOOR flags the classification left
 * at normal. Classification steps and a default rating are each visible; bad input stores nothing.
 */
describe('ageing arrears and the credit rules, through the API and the risk monitor', () => {
  jest.setTimeout(120_000);

  it('raises EW-DPD at 30 days and escalates at 90 by the clock alone; floors, NPL steps and default are visible', async () => {
    const dir = scratchDir('risk-ageing');
    const env = { SQLITE_PATH: join(dir.path, 'crm.sqlite'), RISK_SWEEP_INTERVAL_MS: '200' };
    const started = Date.now();
    const shifted = (days: number): string => new Date(started + days * DAY_MS).toISOString();
    let api: ApiProcess | null = null;
    let feed: SseClient | null = null;
    const alertsOf = async (admin: ApiClient, clientId: string): Promise<Alert[]> =>
      (await admin.get<AlertList>(`/v1/alerts?clientId=${clientId}`)).body.items;
    const waitForAlert = async (
      admin: ApiClient,
      clientId: string,
      found: (alerts: Alert[]) => boolean,
    ): Promise<Alert[]> => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const alerts = await alertsOf(admin, clientId);
        if (found(alerts)) return alerts;
        if (Date.now() > deadline) throw new Error(`alerts not as expected: ${JSON.stringify(alerts)}`);
        await new Promise((done) => setTimeout(done, 200));
      }
    };
    const rule = (alerts: Alert[], ruleId: string): Alert | undefined => alerts.find((a) => a.ruleId === ruleId);

    try {
      api = await startApiProcess(env);
      let admin = await api.as('admin');
      const registered = await admin.post<{ id: string }>('/v1/clients', {
        branchId: 'BR-7',
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: 'Ningbo Gearworks Ltd',
        registrationNo: '91330200GEAR0001',
        contact: { email: 'finance@gearworks.example' },
        source: 'referral',
      });
      expect(registered.status).toBe(201);
      const clientId = registered.body.id;
      expect((await admin.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);
      expect(
        (
          await admin.put(`/v1/clients/${clientId}/facilities/F-1`, {
            limit: '2000000.00',
            currency: 'CNY',
            type: 'term',
            maturityDate: '2029-06-30',
          })
        ).status,
      ).toBeLessThan(300);
      const classified = await admin.put<{ position: string }>(`/v1/clients/${clientId}/loan-classification`, {
        classification: 'normal',
        reason: 'at onboarding',
      });
      expect(classified.status).toBeLessThan(300);

      // Bad input: nothing is stored, each field named. The view is read once it holds the last
      // write (it is built asynchronously), so a lagging view is not taken for a stored refusal.
      const before = (await admin.get<View>(`/v1/clients/${clientId}?minPosition=${classified.body.position}`)).body
        .revision;
      const today = bankDateOf(started, ZONE);
      const refusals: [string, unknown, string][] = [
        ['/facilities/F-1/past-due', { overdueSince: addDays(today, 1), amountOverdue: '100.00' }, 'overdueSince'],
        ['/facilities/F-1/past-due', { overdueSince: '2026-02-30', amountOverdue: '100.00' }, 'overdueSince'],
        ['/facilities/F-2', { limit: '1.00', currency: 'CNY', type: 'overdraft' }, 'type'],
        [
          '/financials',
          {
            period: '2025-Q5',
            revenue: '1',
            netProfit: '1',
            totalAssets: '1',
            totalLiabilities: '1',
            currency: 'CNY',
          },
          'period',
        ],
      ];
      for (const [path, body, field] of refusals) {
        const answer = path.startsWith('/facilities/F-2')
          ? await admin.put<FieldErrors>(`/v1/clients/${clientId}${path}`, body)
          : await admin.post<FieldErrors>(`/v1/clients/${clientId}${path}`, body);
        expect([path, answer.status]).toEqual([path, 400]);
        expect(JSON.stringify(answer.body)).toContain(field);
      }
      expect((await admin.get<View>(`/v1/clients/${clientId}`)).body.revision).toBe(before);

      // One report: the oldest unpaid amount fell due 25 days ago.
      const reported = await admin.post<{ position: string }>(`/v1/clients/${clientId}/facilities/F-1/past-due`, {
        overdueSince: addDays(today, -25),
        amountOverdue: '150000.00',
      });
      expect(reported.status).toBeLessThan(300);
      const floorAlert = await waitForAlert(admin, clientId, (alerts) => rule(alerts, 'EW-CLASS-FLOOR') !== undefined);
      expect(rule(floorAlert, 'EW-CLASS-FLOOR')).toMatchObject({ severity: 'medium' });
      expect(rule(floorAlert, 'EW-CLASS-FLOOR')?.reason).toContain('better than the floor special_mention');
      expect(rule(floorAlert, 'EW-DPD')).toBeUndefined();
      const view = (await admin.get<View>(`/v1/clients/${clientId}?minPosition=${reported.body.position}`)).body;
      expect(view.credit.facilities).toEqual([
        expect.objectContaining({ id: 'F-1', type: 'term', overdueSince: addDays(today, -25), daysPastDue: 25 }),
      ]);
      expect(view.credit.classificationFloor).toEqual({
        floor: 'special_mention',
        facilityId: 'F-1',
        daysPastDue: 25,
        met: false,
      });
      await api.stop();

      // Five days on, with no new report: 30 days past due.
      api = await startApiProcess({ ...env, RISK_MONITOR_NOW: shifted(5) });
      admin = await api.as('admin');
      const at30 = await waitForAlert(admin, clientId, (alerts) => rule(alerts, 'EW-DPD') !== undefined);
      expect(rule(at30, 'EW-DPD')).toMatchObject({ severity: 'high', status: 'open' });
      expect(rule(at30, 'EW-DPD')?.reason).toContain('30 days past due');
      await api.stop();

      // Ninety-one days: critical, and the floor is now substandard while normal is still recorded.
      api = await startApiProcess({ ...env, RISK_MONITOR_NOW: shifted(66) });
      admin = await api.as('admin');
      const at91 = await waitForAlert(
        admin,
        clientId,
        (alerts) =>
          rule(alerts, 'EW-DPD')?.severity === 'critical' && rule(alerts, 'EW-CLASS-FLOOR')?.severity === 'high',
      );
      expect(rule(at91, 'EW-DPD')).toMatchObject({ status: 'escalated' });
      expect(rule(at91, 'EW-CLASS-FLOOR')?.reason).toContain('better than the floor substandard');

      // Substandard → doubtful → loss: three visible steps of one EW-CLASS alert.
      feed = await SseClient.open(`${api.base}/v1/alerts/stream`, {
        authorization: `Bearer ${await api.tokenFor('risk_officer')}`,
      });
      for (const classification of ['substandard', 'doubtful', 'loss']) {
        const answer = await admin.put(`/v1/clients/${clientId}/loan-classification`, {
          classification,
          reason: 'credit committee',
        });
        expect(answer.status).toBeLessThan(300);
      }
      const steps = await feed.waitFor(
        (events) =>
          events.filter((event) => event.data.includes('"EW-CLASS.') || event.data.includes(`EW-CLASS.${clientId}`))
            .length >= 3,
      );
      const classSteps = steps
        .filter((event) => event.data.includes(`EW-CLASS.${clientId}`))
        .map((event) => event.event);
      expect(classSteps).toEqual(['AlertRaised', 'AlertEscalated', 'AlertEscalated']);
      expect(rule(await alertsOf(admin, clientId), 'EW-CLASS')?.reason).toBe('loan classification is loss');

      // A rating of D, first given: EW-DEFAULT, critical.
      expect(
        (await admin.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'D', reason: 'missed bond coupon' }))
          .status,
      ).toBeLessThan(300);
      const defaulted = await waitForAlert(admin, clientId, (alerts) => rule(alerts, 'EW-DEFAULT') !== undefined);
      expect(rule(defaulted, 'EW-DEFAULT')).toMatchObject({ severity: 'critical' });
    } finally {
      await feed?.close();
      await api?.stop();
      dir.cleanup();
    }
  });
});
