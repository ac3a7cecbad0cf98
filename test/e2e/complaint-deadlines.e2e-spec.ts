import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@crm/platform';
import { ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * Complaint deadlines through the real API, on SQLite and PostgreSQL, with the embedded risk
 * monitor whose clock is injected (RISK_MONITOR_NOW, the API restarted for each instant over the
 * same data). A complaint received on Friday 3 April 2026 at 10:00 in Shanghai, before the
 * Qingming weekend (Saturday 4 to Monday 6 April, a holiday), must be acknowledged by Wednesday
 * 8 April 10:00 (Friday, then Tuesday and Wednesday count: the shipped mainland China calendar)
 * and resolved by Saturday 18 April 10:00. The sweep runs every 200 ms: it escalates each
 * deadline once when it has passed, never before, and never for a deadline met.
 */
type Write = { id: string; revision: number; position: string };
type Timeline = { entries: { type: string; details: Record<string, unknown> }[] };
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;

const FRIDAY_10_00 = '2026-04-03T02:00:00.000Z';
const ACKNOWLEDGE_BY = '2026-04-08T02:00:00.000Z';
const DUE_BY = '2026-04-18T02:00:00.000Z';
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_200));

const deadlinesSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`complaint deadlines (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let env: Record<string, string> = {};
    let app: NestFastifyApplication | null = null;
    let admin: ApiClient;
    let clientId: string;
    /** The position of the setup's last write: reads wait for it (the projector runs beside the API). */
    let written = '0';
    const complaints: Record<'late' | 'acknowledged' | 'resolved', string> = {
      late: '',
      acknowledged: '',
      resolved: '',
    };

    /** The API with the monitor's clock starting at `monitorNow`, over the same data each time. */
    const start = async (monitorNow: string): Promise<void> => {
      await app?.close();
      app = await createCrmApi(
        loadConfig({
          ...env,
          PORT: '0',
          LOG_LEVEL: 'silent',
          RISK_SWEEP_INTERVAL_MS: '200',
          RISK_MONITOR_NOW: monitorNow,
        }),
      );
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      const anonymous = new ApiClient(`http://127.0.0.1:${address.port}`);
      const token = await anonymous.post<{ token: string }>('/v1/dev/tokens', { sub: 'u-cd-admin', role: 'admin' });
      admin = anonymous.withToken(token.body.token);
    };

    const ok = <T>(answer: { status: number; body: T }, status = 200): T => {
      expect([answer.status, answer.body]).toEqual([status, expect.anything()]);
      return answer.body;
    };

    /** Escalations on the client's timeline: `complaintId deadline dueBy` each. */
    const escalations = async (): Promise<string[]> => {
      const timeline = ok(await admin.get<Timeline>(`/v1/clients/${clientId}/timeline?limit=100`));
      return timeline.entries
        .filter((entry) => entry.type === 'ComplaintEscalated')
        .map(({ details }) => `${String(details.complaintId)} ${String(details.deadline)} ${String(details.dueBy)}`)
        .sort();
    };

    const waitFor = async (expected: string[]): Promise<void> => {
      const deadline = Date.now() + 15_000;
      let seen = await escalations();
      while (seen.length < expected.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = await escalations();
      }
      expect(seen).toEqual([...expected].sort());
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      env = prepared.env;
      // Two minutes before the acknowledgement falls due, on the monitor's clock.
      await start('2026-04-08T01:58:00.000Z');
      const created = ok(
        await admin.post<Write>('/v1/clients', {
          branchId: 'BR-CD',
          segment: 'sme',
          industry: 'retail',
          legalName: 'Deadline Trading Ltd',
          registrationNo: 'RN-CD-1',
          contact: { phone: '+8612345678' },
          source: 'branch',
        }),
        201,
      );
      clientId = created.id;
      for (const key of Object.keys(complaints) as (keyof typeof complaints)[]) {
        const received = ok(
          await admin.post<Write & { complaintId: string }>(`/v1/clients/${clientId}/complaints`, {
            category: 'fees',
            text: `Charged twice (${key}).`,
            severity: 'high',
            channel: 'letter',
            receivedAt: '2026-04-03T10:00:00+08:00',
          }),
          201,
        );
        complaints[key] = received.complaintId;
      }
      ok(await admin.post(`/v1/clients/${clientId}/complaints/${complaints.acknowledged}/acknowledgement`, {}));
      written = ok(
        await admin.post<Write>(`/v1/clients/${clientId}/complaints/${complaints.resolved}/resolution`, {
          resolution: 'fee refunded',
          outcome: 'upheld',
          redressAmount: '25.00',
          currency: 'CNY',
        }),
      ).position;
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('records the deadlines the bank calendar gives, over the weekend and the holiday', async () => {
      const timeline = ok(
        await admin.get<Timeline>(`/v1/clients/${clientId}/timeline?limit=100&minPosition=${written}`),
      );
      const received = timeline.entries.filter((entry) => entry.type === 'ComplaintReceived');
      expect(received.map(({ details }) => [details.receivedAt, details.acknowledgeBy, details.dueBy])).toEqual(
        received.map(() => [FRIDAY_10_00, ACKNOWLEDGE_BY, DUE_BY]),
      );
      expect(received).toHaveLength(3);
    });

    it('escalates nothing while the deadlines still run', async () => {
      await settle();
      expect(await escalations()).toEqual([]);
    });

    it('escalates the unacknowledged complaint once, when its acknowledgement deadline has passed', async () => {
      await start('2026-04-08T02:00:05.000Z');
      await waitFor([`${complaints.late} acknowledgement ${ACKNOWLEDGE_BY}`]);
      // Five or more sweeps later, still once.
      await settle();
      expect(await escalations()).toEqual([`${complaints.late} acknowledgement ${ACKNOWLEDGE_BY}`]);
    });

    it('escalates the resolution of each complaint still open once its due time has passed', async () => {
      await start('2026-04-18T02:00:05.000Z');
      const expected = [
        `${complaints.late} acknowledgement ${ACKNOWLEDGE_BY}`,
        `${complaints.late} resolution ${DUE_BY}`,
        `${complaints.acknowledged} resolution ${DUE_BY}`,
      ];
      await waitFor(expected);
      await settle();
      expect(await escalations()).toEqual([...expected].sort());
    });

    it('refuses bad input with field errors and stores nothing', async () => {
      const before = ok(await admin.get<Timeline>(`/v1/clients/${clientId}/timeline?limit=100`)).entries.length;
      const bad: [string, unknown, string][] = [
        [`/v1/clients/${clientId}/complaints`, { category: 'fees', text: 'x', severity: 'urgent' }, 'severity'],
        [
          `/v1/clients/${clientId}/complaints`,
          { category: 'fees', text: 'x', receivedAt: '2099-01-01T00:00:00Z' },
          'receivedAt',
        ],
        [
          `/v1/clients/${clientId}/complaints/${complaints.late}/resolution`,
          { resolution: 'refund', redressAmount: 25.5, currency: 'CNY' },
          'redressAmount',
        ],
        [
          `/v1/clients/${clientId}/complaints/${complaints.late}/resolution`,
          { resolution: 'refund', redressAmount: '25.50' },
          'currency',
        ],
      ];
      for (const [path, body, field] of bad) {
        const answer = await admin.post<{ errors: { field: string }[] }>(path, body);
        // A float fails two checks of one field; each field is named.
        const fields = [...new Set(answer.body.errors?.map((error) => error.field))];
        expect([path, answer.status, fields]).toEqual([path, answer.status === 422 ? 422 : 400, [field]]);
      }
      const again = await admin.post<{ code: string }>(
        `/v1/clients/${clientId}/complaints/${complaints.acknowledged}/acknowledgement`,
        {},
      );
      expect([again.status, again.body.code]).toEqual([409, 'COMPLAINT.ALREADY_ACKNOWLEDGED']);
      await settle();
      expect(ok(await admin.get<Timeline>(`/v1/clients/${clientId}/timeline?limit=100`)).entries).toHaveLength(before);
    });
  });

deadlinesSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('complaint-deadlines-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

deadlinesSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('complaint_deadlines_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
