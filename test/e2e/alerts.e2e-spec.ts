import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { loadConfig, type AppConfig } from '@crm/platform';
import { ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * The alert routes end to end over real HTTP, on the embedded SQLite default and on PostgreSQL.
 * Nothing raises alerts over HTTP (the risk monitor does, from the log), so the tests append
 * AlertRaised events straight to the app's event store, as the monitor's writer would.
 */
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; message: string; errors: { field: string; message: string }[] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape is exactly what these tests check
type Alert = Record<string, any>;
type Page = { items: Alert[]; nextCursor: string | null };

type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();

const alertsSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`alerts API (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let config: AppConfig;
    let app: NestFastifyApplication;
    let store: EventStore;
    let anonymous: ApiClient;
    let admin: ApiClient;
    /** A risk officer who is also the covering manager of the clients below (four eyes). */
    let officerWhoManages: ApiClient;
    let officer: ApiClient;
    let manager: ApiClient;
    let episode = 0;

    const tokenFor = async (claims: Record<string, string>): Promise<string> => {
      const response = await anonymous.post<{ token: string }>('/v1/dev/tokens', claims);
      expect(response.status).toBe(201);
      return response.body.token;
    };

    const registerClient = async (managerId: string): Promise<string> => {
      const created = await admin.post<Write>('/v1/clients', {
        branchId: 'BR-ALERTS',
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: 'Alerted Co., Ltd.',
        registrationNo: '91310000MA1FL0001X',
        contact: { phone: '+86 21 5555 0101' },
        source: 'referral',
      });
      expect(created.status).toBe(201);
      expect((await admin.post(`/v1/clients/${created.body.id}/conversion`, {})).status).toBe(200);
      expect(
        (await admin.put(`/v1/clients/${created.body.id}/manager`, { managerId, reason: 'coverage' })).status,
      ).toBe(200);
      return created.body.id;
    };

    /** Appends an AlertRaised as the risk monitor would; returns the alert id and the event's position. */
    const raise = async (
      clientId: string,
      ruleId: string,
      severity: string,
      raisedAt: string,
    ): Promise<{ id: string; position: string }> => {
      episode += 1;
      const id = `${ruleId}.${clientId}.${episode}`;
      const result = await store.appendToStream(
        `alert-${id}`,
        [
          {
            eventId: uuidv7(),
            type: 'AlertRaised',
            data: {
              alertId: id,
              clientId,
              ruleId,
              ruleVersion: 1,
              episode,
              severity,
              reason: `${ruleId} reading`,
              evidence: [],
              raisedAt,
              dueBy: new Date(Date.parse(raisedAt) + 86_400_000).toISOString(),
            },
            metadata: {
              occurredAt: raisedAt,
              correlationId: `cor-${episode}`,
              causationId: `cau-${episode}`,
              actor: { userId: 'risk-monitor', role: 'service' },
            },
            schemaVersion: 1,
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      return { id, position: result.position.toString() };
    };

    const alertAt = async (id: string, position: string): Promise<Alert> => {
      const response = await admin.get<Alert>(`/v1/alerts/${id}?minPosition=${position}`);
      expect(response.status).toBe(200);
      return response.body;
    };

    const openAlertsOf = async (clientId: string, position: string): Promise<Alert[]> => {
      const response = await admin.get<Alert>(`/v1/clients/${clientId}?minPosition=${position}`);
      expect(response.status).toBe(200);
      return response.body.openAlerts;
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      config = loadConfig({ ...prepared.env, PORT: '0', LOG_LEVEL: 'silent' });
      app = await createCrmApi(config);
      await app.listen(0, '127.0.0.1');
      store = app.get<EventStore>(EVENT_STORE);
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      anonymous = new ApiClient(`http://127.0.0.1:${address.port}`);
      admin = anonymous.withToken(await tokenFor({ sub: 'u-admin', role: 'admin' }));
      officerWhoManages = anonymous.withToken(
        await tokenFor({ sub: 'u-ro-self', role: 'risk_officer', managerId: 'M-ALERT' }),
      );
      officer = anonymous.withToken(await tokenFor({ sub: 'u-ro-other', role: 'risk_officer', managerId: 'M-OTHER' }));
      manager = anonymous.withToken(
        await tokenFor({ sub: 'u-rm', role: 'relationship_manager', managerId: 'M-ALERT' }),
      );
      const registered = await admin.post('/v1/managers', {
        managerId: 'M-ALERT',
        name: 'Alert Manager',
        branchId: 'BR-ALERTS',
        level: 'senior',
      });
      expect(registered.status).toBe(201);
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('lists newest raised first with filters and a cursor, and shows open alerts in the client view and portfolio', async () => {
      const clientId = await registerClient('M-ALERT');
      const other = await registerClient('M-ALERT');
      const dpd = await raise(clientId, 'EW-DPD', 'high', hoursAgo(30));
      const util = await raise(clientId, 'EW-UTIL', 'low', hoursAgo(20));
      const rating = await raise(clientId, 'EW-RATING', 'medium', hoursAgo(10));
      const elsewhere = await raise(other, 'EW-DPD', 'critical', hoursAgo(5));
      const last = elsewhere.position;

      const mine = await admin.get<Page>(`/v1/alerts?clientId=${clientId}&minPosition=${last}`);
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((a) => a.id)).toEqual([rating.id, util.id, dpd.id]);
      expect(mine.body.nextCursor).toBeNull();
      expect(mine.body.items[2]).toMatchObject({
        id: dpd.id,
        clientId,
        ruleId: 'EW-DPD',
        ruleVersion: 1,
        episode: expect.any(Number),
        severity: 'high',
        status: 'open',
        reason: 'EW-DPD reading',
        branchId: 'BR-ALERTS',
        managerId: 'M-ALERT',
        outcome: null,
        revision: 0,
        position: dpd.position,
      });

      const byRule = await admin.get<Page>(
        `/v1/alerts?ruleId=EW-DPD&severity=critical&status=open,acknowledged&minPosition=${last}`,
      );
      expect(byRule.body.items.map((a) => a.id)).toContain(elsewhere.id);
      expect(byRule.body.items.every((a) => a.ruleId === 'EW-DPD' && a.severity === 'critical')).toBe(true);
      const repeated = await admin.get<Page>(`/v1/alerts?clientId=${clientId}&status=open&status=resolved`);
      expect(repeated.body.items).toHaveLength(3);
      expect((await admin.get<Page>(`/v1/alerts?clientId=${clientId}&status=resolved`)).body.items).toEqual([]);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: Page } = await admin.get(
          `/v1/alerts?clientId=${clientId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((a) => a.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual([rating.id, util.id, dpd.id]);

      expect(await openAlertsOf(clientId, last)).toEqual([
        { id: dpd.id, ruleId: 'EW-DPD', severity: 'high', status: 'open', dueBy: expect.any(String) },
        { id: util.id, ruleId: 'EW-UTIL', severity: 'low', status: 'open', dueBy: expect.any(String) },
        { id: rating.id, ruleId: 'EW-RATING', severity: 'medium', status: 'open', dueBy: expect.any(String) },
      ]);
      const portfolio = await admin.get<{ clients: Alert[] }>(`/v1/managers/M-ALERT/portfolio?minPosition=${last}`);
      expect(portfolio.body.clients.find((c) => c.id === clientId)).toMatchObject({ openAlerts: 3, riskLevel: 'high' });
      expect(portfolio.body.clients.find((c) => c.id === other)).toMatchObject({
        openAlerts: 1,
        riskLevel: 'critical',
      });
      const dashboard = await admin.get<Alert>(`/v1/branches/BR-ALERTS/dashboard?minPosition=${last}`);
      expect(dashboard.body.openAlertsBySeverity).toMatchObject({
        low: expect.any(Number),
        critical: expect.any(Number),
      });
      expect(dashboard.body.openAlertsBySeverity.critical).toBeGreaterThanOrEqual(1);
    });

    it('acknowledges once, escalates only upwards, and honours If-Match and Idempotency-Key', async () => {
      const clientId = await registerClient('M-ALERT');
      const raised = await raise(clientId, 'EW-DPD', 'high', hoursAgo(2));

      const stale = await officer.post<Failure>(`/v1/alerts/${raised.id}/acknowledgement`, undefined, {
        'if-match': '"7"',
      });
      expect(stale.status).toBe(412);
      const key = { 'idempotency-key': `ack-${raised.id}` };
      const ack = await officer.post<Write>(`/v1/alerts/${raised.id}/acknowledgement`, undefined, {
        ...key,
        'if-match': '"0"',
      });
      expect(ack.status).toBe(200);
      expect(ack.body).toEqual({ id: raised.id, revision: 1, position: expect.any(String) });
      expect(ack.headers.get('etag')).toBe('"1"');
      const replayed = await officer.post<Write>(`/v1/alerts/${raised.id}/acknowledgement`, undefined, {
        ...key,
        'if-match': '"0"',
      });
      expect(replayed.status).toBe(200);
      expect(replayed.body).toEqual(ack.body);

      const acknowledged = await alertAt(raised.id, ack.body.position);
      expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'u-ro-other', revision: 1 });
      expect((await openAlertsOf(clientId, ack.body.position))[0]).toMatchObject({
        id: raised.id,
        status: 'acknowledged',
      });

      const again = await officer.post<Failure>(`/v1/alerts/${raised.id}/acknowledgement`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ALERT.ALREADY_ACKNOWLEDGED');

      const lower = await officer.post<Failure>(`/v1/alerts/${raised.id}/escalation`, {
        to: 'credit_committee',
        severity: 'low',
        reason: 'hand over',
      });
      expect(lower.status).toBe(422);
      expect(lower.body.code).toBe('ALERT.SEVERITY_DOWNGRADE');

      const escalated = await admin.post<Write>(`/v1/alerts/${raised.id}/escalation`, {
        to: 'credit_committee',
        severity: 'critical',
        reason: 'second default',
      });
      expect(escalated.status).toBe(200);
      expect(await alertAt(raised.id, escalated.body.position)).toMatchObject({
        status: 'escalated',
        severity: 'critical',
        escalatedTo: 'credit_committee',
      });
      expect((await openAlertsOf(clientId, escalated.body.position))[0]).toMatchObject({
        id: raised.id,
        severity: 'critical',
        status: 'escalated',
      });
    });

    it('keeps four eyes on a false positive, takes the resolved alert out of the view, and reopens it', async () => {
      const clientId = await registerClient('M-ALERT');
      const raised = await raise(clientId, 'EW-DPD', 'high', hoursAgo(1));

      const ownManager = await officerWhoManages.post<Failure>(`/v1/alerts/${raised.id}/resolution`, {
        outcome: 'false_positive',
        note: 'looks fine',
      });
      expect(ownManager.status).toBe(422);
      expect(ownManager.body.code).toBe('ALERT.FOUR_EYES_REQUIRED');

      const relationshipManager = await manager.post<Failure>(`/v1/alerts/${raised.id}/resolution`, {
        outcome: 'actioned',
        note: 'called',
      });
      expect(relationshipManager.status).toBe(403);

      const resolved = await officer.post<Write>(`/v1/alerts/${raised.id}/resolution`, {
        outcome: 'false_positive',
        note: 'data feed error',
      });
      expect(resolved.status).toBe(200);
      expect(await alertAt(raised.id, resolved.body.position)).toMatchObject({
        status: 'resolved',
        outcome: 'false_positive',
        note: 'data feed error',
        resolvedBy: 'u-ro-other',
      });
      expect(await openAlertsOf(clientId, resolved.body.position)).toEqual([]);
      const resolvedAgain = await officer.post<Failure>(`/v1/alerts/${raised.id}/resolution`, {
        outcome: 'actioned',
        note: 'x',
      });
      expect(resolvedAgain.status).toBe(409);
      expect(resolvedAgain.body.code).toBe('ALERT.RESOLVED');

      const reopened = await officer.post<Write>(`/v1/alerts/${raised.id}/reopening`, {
        reason: 'the feed was right after all',
      });
      expect(reopened.status).toBe(200);
      expect(await alertAt(raised.id, reopened.body.position)).toMatchObject({
        status: 'open',
        outcome: null,
        reason: 'the feed was right after all',
      });
      expect(await openAlertsOf(clientId, reopened.body.position)).toEqual([
        { id: raised.id, ruleId: 'EW-DPD', severity: 'high', status: 'open', dueBy: expect.any(String) },
      ]);
      const reopenOpen = await officer.post<Failure>(`/v1/alerts/${raised.id}/reopening`, { reason: 'again' });
      expect(reopenOpen.status).toBe(409);
      expect(reopenOpen.body.code).toBe('ALERT.NOT_RESOLVED');

      // A low alert needs no second pair of eyes.
      const low = await raise(clientId, 'EW-UTIL', 'low', hoursAgo(1));
      expect(
        (
          await officerWhoManages.post(`/v1/alerts/${low.id}/resolution`, {
            outcome: 'false_positive',
            note: 'seasonal',
          })
        ).status,
      ).toBe(200);
    });

    it('answers 404 for an unknown alert', async () => {
      const unknown = 'EW-DPD.00000000-0000-4000-8000-000000000000.1';
      const read = await admin.get<Failure>(`/v1/alerts/${unknown}`);
      expect(read.status).toBe(404);
      expect(read.body.code).toBe('ALERT.NOT_FOUND');
      for (const [path, body] of [
        ['acknowledgement', undefined],
        ['escalation', { to: 'credit_committee', reason: 'x' }],
        ['resolution', { outcome: 'actioned', note: 'x' }],
        ['reopening', { reason: 'x' }],
      ] as const) {
        const response = await officer.post<Failure>(`/v1/alerts/${unknown}/${path}`, body);
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('ALERT.NOT_FOUND');
      }
    });

    describe('bad input is a 400 with field errors', () => {
      let alertId: string;
      beforeAll(async () => {
        alertId = (await raise(await registerClient('M-ALERT'), 'EW-DPD', 'medium', hoursAgo(1))).id;
      });

      const bodies: [string, string, unknown, string][] = [
        ['missing reason', 'escalation', { to: 'credit_committee' }, 'reason'],
        ['off-scale severity', 'escalation', { to: 'credit_committee', severity: 'urgent', reason: 'x' }, 'severity'],
        ['bad target', 'escalation', { to: 'credit committee!', reason: 'x' }, 'to'],
        ['unknown outcome', 'resolution', { outcome: 'maybe', note: 'x' }, 'outcome'],
        ['empty note', 'resolution', { outcome: 'actioned', note: '   ' }, 'note'],
        ['unknown field', 'resolution', { outcome: 'actioned', note: 'x', resolver: 'me' }, 'resolver'],
        ['missing reopening reason', 'reopening', {}, 'reason'],
      ];
      it.each(bodies)('%s', async (_name, route, body, field) => {
        const response = await officer.post<Failure>(`/v1/alerts/${alertId}/${route}`, body);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('REQUEST.INVALID');
        expect(response.body.errors.map((error) => error.field)).toContain(field);
      });

      const queries: [string, string, string][] = [
        ['unknown status', '/v1/alerts?status=closed', 'status'],
        ['one bad status of several', '/v1/alerts?status=open,closed', 'status'],
        ['unknown severity', '/v1/alerts?severity=huge', 'severity'],
        ['client id not a uuid', '/v1/alerts?clientId=acme', 'clientId'],
        ['cursor no page handed out', '/v1/alerts?cursor=not-a-cursor', 'cursor'],
        ['limit out of range', '/v1/alerts?limit=500', 'limit'],
        ['unknown parameter', '/v1/alerts?owner=me', 'owner'],
        ['bad path id', '/v1/alerts/bad%20id', 'id'],
        ['bad minPosition', '/v1/alerts?minPosition=soon', 'minPosition'],
      ];
      it.each(queries)('%s', async (_name, path, field) => {
        const response = await admin.get<Failure>(path);
        expect(response.status).toBe(400);
        expect(response.body.errors.map((error) => error.field)).toContain(field);
      });

      it('a bad path id on a write', async () => {
        const response = await officer.post<Failure>(`/v1/alerts/${encodeURIComponent('EW-DPD.x/1')}/acknowledgement`);
        expect(response.status).toBe(400);
        expect(response.body.errors.map((error) => error.field)).toEqual(['id']);
      });
    });

    it('lets readers read and only risk officers, branch heads and admins write', async () => {
      const alertId = (await raise(await registerClient('M-ALERT'), 'EW-DPD', 'low', hoursAgo(1))).id;
      const service = anonymous.withToken(await tokenFor({ sub: 'u-svc', role: 'service' }));
      const dpo = anonymous.withToken(await tokenFor({ sub: 'u-dpo', role: 'dpo' }));
      expect((await manager.get('/v1/alerts')).status).toBe(200);
      expect((await service.get('/v1/alerts')).status).toBe(200);
      expect((await dpo.get('/v1/alerts')).status).toBe(403);
      expect((await anonymous.get('/v1/alerts')).status).toBe(401);
      expect((await manager.post(`/v1/alerts/${alertId}/acknowledgement`)).status).toBe(403);
      expect((await service.post(`/v1/alerts/${alertId}/escalation`, { to: 'x', reason: 'y' })).status).toBe(403);
      const head = anonymous.withToken(await tokenFor({ sub: 'u-head', role: 'branch_head', branchId: 'BR-ALERTS' }));
      expect((await head.post(`/v1/alerts/${alertId}/acknowledgement`)).status).toBe(200);
    });

    it('documents the alert routes in the OpenAPI document', async () => {
      const document = (await (await fetch(`${anonymous.baseUrl}/docs-json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/v1/alerts',
          '/v1/alerts/{id}',
          '/v1/alerts/{id}/acknowledgement',
          '/v1/alerts/{id}/escalation',
          '/v1/alerts/{id}/resolution',
          '/v1/alerts/{id}/reopening',
        ]),
      );
    });
  });

alertsSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('crm-alerts-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

alertsSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('crm_alerts_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
