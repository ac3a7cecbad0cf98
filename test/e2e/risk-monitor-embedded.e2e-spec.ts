import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { scratchDir, SseClient, startApiProcess, type ApiProcess } from '@crm/testing';

const run = promisify(execFile);
const BACKTEST = resolve(__dirname, '../../dist/apps/risk-monitor/src/backtest.js');

type AlertList = { items: { id: string; ruleId: string; severity: string; status: string; clientId: string }[] };

describe('risk monitor in the embedded default (no Kafka: it follows the store log)', () => {
  it('raises alerts from commands, shows them in the client view and alert feed; the back-test agrees', async () => {
    const dir = scratchDir('risk-embedded');
    const sqlite = join(dir.path, 'crm.sqlite');
    let api: ApiProcess | null = null;
    let feed: SseClient | null = null;
    try {
      api = await startApiProcess({ SQLITE_PATH: sqlite });
      const anonymous = api.anonymous;
      const admin = await api.as('admin');
      feed = await SseClient.open(`${api.base}/v1/alerts/stream`, {
        authorization: `Bearer ${await api.tokenFor('risk_officer')}`,
      });

      expect(
        (await admin.post('/v1/managers', { managerId: 'M-2', name: 'Zhao Min', branchId: 'BR-2', level: 'senior' }))
          .status,
      ).toBe(201);
      const registered = await admin.post<{ id: string }>('/v1/clients', {
        branchId: 'BR-2',
        segment: 'corporate',
        industry: 'logistics',
        legalName: 'Xiamen Freight Ltd',
        registrationNo: '91350200FRT0001',
        contact: { email: 'ops@freight.example' },
        source: 'referral',
      });
      expect(registered.status).toBe(201);
      const clientId = registered.body.id;
      expect((await admin.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);
      expect(
        (await admin.put(`/v1/clients/${clientId}/facilities/F-9`, { limit: '1000000.00', currency: 'CNY' })).status,
      ).toBeLessThan(300);
      const answer = await admin.post<{ position: string }>(`/v1/clients/${clientId}/facilities/F-9/past-due`, {
        daysPastDue: 35,
        amountOverdue: '50000.00',
      });
      expect(answer.status).toBeLessThan(300);

      await feed.waitFor((events) => events.some((event) => event.event === 'AlertRaised'));
      const alerts = await admin.get<AlertList>(`/v1/alerts?clientId=${clientId}`);
      expect(alerts.status).toBe(200);
      // 35 days past due on a client never classified: EW-DPD, and the floor (special mention) it imposes.
      await feed.waitFor((events) => events.filter((event) => event.event === 'AlertRaised').length >= 2);
      const raised = await admin.get<AlertList>(`/v1/alerts?clientId=${clientId}`);
      expect(raised.body.items.map((item) => [item.ruleId, item.severity, item.clientId]).sort()).toEqual([
        ['EW-CLASS-FLOOR', 'medium', clientId],
        ['EW-DPD', 'high', clientId],
      ]);
      const view = await admin.get<{ openAlerts: { ruleId: string }[] }>(
        `/v1/clients/${clientId}?minPosition=${answer.body.position}`,
      );
      await new Promise((done) => setTimeout(done, 500));
      const fresh = await admin.get<{ openAlerts: { ruleId: string }[] }>(`/v1/clients/${clientId}`);
      expect(view.status).toBe(200);
      expect(fresh.body.openAlerts.map((alert) => alert.ruleId).sort()).toEqual(['EW-CLASS-FLOOR', 'EW-DPD']);

      const ready = await anonymous.get<{
        details: { riskMonitor: { source: string; parkedClients: number; checkpoint: string } };
      }>('/health/ready');
      expect(ready.body.details.riskMonitor).toMatchObject({ source: 'store-log', parkedClients: 0 });
      // It raised the alerts, so it has handled the event that raised them: its position says so.
      expect(BigInt(ready.body.details.riskMonitor.checkpoint)).toBeGreaterThanOrEqual(BigInt(answer.body.position));
      // The case keeper follows the alerts, which come after that event in the log.
      const keeperAt = async (): Promise<bigint> => {
        const health = await anonymous.get<{ details: { riskMonitor: { caseKeeperCheckpoint: string | null } } }>(
          '/health/ready',
        );
        return BigInt(health.body.details.riskMonitor.caseKeeperCheckpoint ?? '0');
      };
      const deadline = Date.now() + 10_000;
      while ((await keeperAt()) <= BigInt(answer.body.position) && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 100));
      }
      expect(await keeperAt()).toBeGreaterThan(BigInt(answer.body.position));
    } finally {
      await feed?.close();
      await api?.stop();
    }

    try {
      const { stdout } = await run(process.execPath, [BACKTEST, '--json'], {
        env: { ...process.env, SQLITE_PATH: sqlite },
      });
      const result = JSON.parse(stdout) as { rules: Record<string, { raised: number; clients: string[] }> };
      expect(result.rules['EW-DPD']).toMatchObject({ raised: 1 });

      const bad = join(dir.path, 'bad-rules.yaml');
      writeFileSync(bad, 'rules:\n  EW-DPD:\n    version: one\n');
      const failure = await run(process.execPath, [BACKTEST, '--rules', bad], {
        env: { ...process.env, SQLITE_PATH: sqlite },
      }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).toBe(2);
      expect(failure?.stderr).toContain('invalid risk rules file');
      expect(failure?.stderr).toContain('EW-DPD');
    } finally {
      dir.cleanup();
    }
  });
});
