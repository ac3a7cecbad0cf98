import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@crm/platform';
import {
  ApiClient,
  createTestSchema,
  describeWithPostgres,
  POSTGRES_TEST_URL,
  scratchDir,
  type ApiResponse,
} from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * Risk cases end to end over real HTTP, on SQLite and PostgreSQL, with the embedded risk monitor:
 * facts posted over HTTP make three rules fire on one client, the case keeper gathers their alerts
 * into one case, officers resolve them over HTTP and the case closes at the last. The monitor's
 * clock (RISK_MONITOR_NOW) runs 30 days ahead, so its sweep (every 200 ms) finds the case past due
 * as soon as it is open, and keeps finding it while the test waits.
 */
type Write = { id: string; revision: number; position: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape is exactly what these tests check
type Body = Record<string, any>;
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;

const DAY_MS = 86_400_000;

/** Polls `read` until `done` holds (the keeper and the projector follow the log asynchronously). */
const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const riskCasesSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`risk cases (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let anonymous: ApiClient;
    let admin: ApiClient;
    let officer: ApiClient;
    let manager: ApiClient;
    let otherManager: ApiClient;
    let clientId: string;

    const tokenFor = async (claims: Record<string, string>): Promise<ApiClient> => {
      const response = await anonymous.post<{ token: string }>('/v1/dev/tokens', claims);
      expect(response.status).toBe(201);
      return anonymous.withToken(response.body.token);
    };

    const ok = async (response: Promise<{ status: number; body: unknown }>, status = 200): Promise<void> => {
      const answer = await response;
      // The body comes along so a failed set-up step says why.
      expect([answer.status, answer.body]).toEqual([status, answer.body]);
    };

    const caseOf = async (caseId: string): Promise<ApiResponse<Body>> => officer.get<Body>(`/v1/risk-cases/${caseId}`);

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const config = loadConfig({
        ...prepared.env,
        PORT: '0',
        LOG_LEVEL: 'silent',
        RISK_SWEEP_INTERVAL_MS: '200',
        RISK_MONITOR_NOW: new Date(Date.now() + 30 * DAY_MS).toISOString(),
      });
      app = await createCrmApi(config);
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      anonymous = new ApiClient(`http://127.0.0.1:${address.port}`);
      admin = await tokenFor({ sub: 'u-admin', role: 'admin' });
      officer = await tokenFor({ sub: 'u-ro', role: 'risk_officer' });
      manager = await tokenFor({ sub: 'u-rm', role: 'relationship_manager', managerId: 'M-CASE' });
      otherManager = await tokenFor({ sub: 'u-rm2', role: 'relationship_manager', managerId: 'M-CASE2' });
      for (const managerId of ['M-CASE', 'M-CASE2']) {
        await ok(
          admin.post('/v1/managers', { managerId, name: `Manager ${managerId}`, branchId: 'BR-CASE', level: 'senior' }),
          201,
        );
      }

      const created = await admin.post<Write>('/v1/clients', {
        branchId: 'BR-CASE',
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: 'Troubled Tools Co., Ltd.',
        registrationNo: '91310000MA1CASE01X',
        contact: { phone: '+86 21 5555 0199' },
        source: 'referral',
      });
      expect(created.status).toBe(201);
      clientId = created.body.id;
      await ok(admin.post(`/v1/clients/${clientId}/conversion`, {}));
      await ok(admin.put(`/v1/clients/${clientId}/manager`, { managerId: 'M-CASE', reason: 'coverage' }));
      // Three rules: a two-notch downgrade (EW-RATING), 92 % drawn (EW-UTIL), a critical flag (EW-FLAGS).
      await ok(admin.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'A', reason: 'review' }));
      await ok(admin.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'BB', reason: 'losses' }));
      await ok(
        admin.put(`/v1/clients/${clientId}/facilities/F-1`, {
          limit: '5000000.00',
          currency: 'CNY',
          type: 'revolving',
        }),
      );
      await ok(admin.post(`/v1/clients/${clientId}/facilities/F-1/utilisation`, { drawn: '4600000.00' }), 201);
      await ok(
        admin.post(`/v1/clients/${clientId}/risk-flags`, {
          type: 'litigation',
          severity: 'critical',
          note: 'asset freeze order',
        }),
        201,
      );
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('gathers the three alerts about one client into one case, at the worst severity', async () => {
      const found = await eventually(
        () => caseOf(`${clientId}.1`),
        (answer) => answer.status === 200 && answer.body.alerts.length === 3,
        'one case with three alerts',
      );
      expect(found.body).toMatchObject({
        id: `${clientId}.1`,
        clientId,
        episode: 1,
        status: 'open',
        severity: 'critical',
      });
      expect(found.body.alerts.map((alert: Body) => alert.ruleId).sort()).toEqual(['EW-FLAGS', 'EW-RATING', 'EW-UTIL']);
      expect(found.headers.get('etag')).toBe(`"${found.body.revision}"`);
      expect((await caseOf(`${clientId}.2`)).status).toBe(404);
      // The context an officer judges by, masked as the client view is for risk officers.
      expect(found.body.context).toMatchObject({
        legalName: 'Troubled Tools Co., Ltd.',
        registrationNo: '9131********E01X',
        rating: 'BB',
        facilities: [{ id: 'F-1', limit: '5000000.00', drawn: '4600000.00' }],
        manager: { id: 'M-CASE', name: 'Manager M-CASE' },
      });
    });

    it('raises RiskCaseOverdue once, however often the sweep runs', async () => {
      await eventually(
        () => caseOf(`${clientId}.1`),
        (answer) => answer.body.overdue === true,
        'the overdue mark',
      );
      // A second or so is five more sweeps over the same case.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const { body } = await caseOf(`${clientId}.1`);
      expect(body.timeline.filter((entry: Body) => entry.type === 'RiskCaseOverdue')).toHaveLength(1);
    });

    it('is assigned by officers, seen by the client’s manager, hidden from other managers', async () => {
      const { body } = await caseOf(`${clientId}.1`);
      const assigned = await officer.request<Write>(
        'PUT',
        `/v1/risk-cases/${clientId}.1/assignee`,
        { assignee: 'u-ro' },
        {
          'if-match': `"${body.revision}"`,
        },
      );
      expect(assigned.status).toBe(200);
      expect((await caseOf(`${clientId}.1`)).body).toMatchObject({ assignee: 'u-ro' });
      const stale = await officer.request(
        'PUT',
        `/v1/risk-cases/${clientId}.1/assignee`,
        { assignee: 'u-ro2' },
        {
          'if-match': `"${body.revision}"`,
        },
      );
      expect(stale.status).toBe(412);
      const invalid = await officer.put<Body>(`/v1/risk-cases/${clientId}.1/assignee`, { assignee: '' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'assignee' })]);
      expect((await manager.put(`/v1/risk-cases/${clientId}.1/assignee`, { assignee: 'u-rm' })).status).toBe(403);
      const own = await manager.get<Body>(`/v1/risk-cases/${clientId}.1`);
      expect(own.status).toBe(200);
      expect(own.body.context.registrationNo).toBe('91310000MA1CASE01X');
      expect((await otherManager.get(`/v1/risk-cases/${clientId}.1`)).status).toBe(404);
    });

    it("lists the case for those who may see it: open, overdue, assigned, in the client's branch", async () => {
      const list = async (caller: ApiClient, query: string) => {
        const answer = await caller.get<{ items: Body[]; nextCursor: string | null }>(`/v1/risk-cases?${query}`);
        expect(answer.status).toBe(200);
        return answer.body.items.map((item) => item.id);
      };
      const caseId = `${clientId}.1`;
      const listed = await eventually(
        () => list(officer, 'status=open&overdue=true&assignee=u-ro&sort=dueBy'),
        (ids) => ids.includes(caseId),
        'the case in the list',
      );
      expect(listed).toEqual([caseId]);
      expect(await list(officer, 'severity=critical&branchId=BR-CASE')).toEqual([caseId]);
      expect(await list(officer, 'severity=low,medium')).toEqual([]);
      expect(await list(officer, 'assignee=none')).toEqual([]);
      expect(await list(officer, 'status=closed')).toEqual([]);
      expect(await list(manager, '')).toEqual([caseId]);
      expect(await list(otherManager, '')).toEqual([]);
      const bad = await officer.get<Body>('/v1/risk-cases?status=pending&overdue=yes&limit=0');
      expect([bad.status, bad.body.errors.map((error: Body) => error.field).sort()]).toEqual([
        400,
        ['limit', 'overdue', 'status'],
      ]);
    });

    it('records each read of a case in the client’s access log', async () => {
      const dpo = await tokenFor({ sub: 'u-dpo', role: 'dpo' });
      const log = await dpo.get<Body>(`/v1/clients/${clientId}/access-log`);
      expect(log.status).toBe(200);
      expect(log.body.entries).toEqual(
        expect.arrayContaining([expect.objectContaining({ route: '/v1/risk-cases/:id', userId: 'u-ro' })]),
      );
    });

    it('closes the case exactly when its last alert is resolved', async () => {
      const alerts = (await caseOf(`${clientId}.1`)).body.alerts as Body[];
      for (const [index, alert] of alerts.entries()) {
        await ok(officer.post(`/v1/alerts/${alert.alertId}/resolution`, { outcome: 'actioned', note: 'dealt with' }));
        const after = await eventually(
          () => caseOf(`${clientId}.1`),
          (answer) => answer.body.alerts.find((a: Body) => a.alertId === alert.alertId)?.open === false,
          `the resolution of ${alert.ruleId}`,
        );
        const last = index === alerts.length - 1;
        expect([alert.ruleId, after.body.status]).toEqual([alert.ruleId, last ? 'closed' : 'open']);
      }
      const closed = (await caseOf(`${clientId}.1`)).body;
      expect(closed.timeline[0].type).toBe('RiskCaseClosed');
      expect(closed.timeline.filter((entry: Body) => entry.type === 'RiskCaseClosed')).toHaveLength(1);
      expect((await officer.put(`/v1/risk-cases/${clientId}.1/assignee`, { assignee: 'u-ro3' })).status).toBe(409);
      const closedList = await eventually(
        () => officer.get<{ items: Body[] }>('/v1/risk-cases?status=closed'),
        (answer) => answer.body.items.some((item) => item.id === `${clientId}.1`),
        'the closed case in the list',
      );
      expect(closedList.body.items.find((item) => item.id === `${clientId}.1`)).toMatchObject({
        status: 'closed',
        openAlerts: 0,
      });
    });

    it("takes comments from officers and the client's manager, and erases them with the client", async () => {
      const text = 'Met the CFO: the utilisation spike is a one-off supplier prepayment.';
      const fromManager = await manager.post<Write & { commentId: string }>(`/v1/risk-cases/${clientId}.1/comments`, {
        text,
      });
      expect(fromManager.status).toBe(201);
      expect((await otherManager.post(`/v1/risk-cases/${clientId}.1/comments`, { text })).status).toBe(404);
      const blank = await officer.post<Body>(`/v1/risk-cases/${clientId}.1/comments`, { text: ' ' });
      expect([blank.status, blank.body.errors]).toEqual([400, [expect.objectContaining({ field: 'text' })]]);
      // Risk officers work the case: they read comments in the clear (masking hides client free text only).
      expect((await caseOf(`${clientId}.1`)).body.comments).toEqual([
        { commentId: fromManager.body.commentId, author: 'u-rm', body: text, commentedAt: expect.any(String) },
      ]);

      const dpo = await tokenFor({ sub: 'u-dpo', role: 'dpo' });
      expect(
        (await dpo.delete(`/v1/clients/${clientId}/personal-data`, { basis: 'PIPL art. 47 request' })).status,
      ).toBe(200);
      expect((await caseOf(`${clientId}.1`)).body.comments).toEqual([expect.objectContaining({ body: '[erased]' })]);
      expect((await officer.post(`/v1/risk-cases/${clientId}.1/comments`, { text })).status).toBe(422);
    });
  });

riskCasesSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('crm-risk-cases-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

riskCasesSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('crm_risk_cases_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
