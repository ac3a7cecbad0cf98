import Database from 'better-sqlite3';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { loadConfig, type AppConfig } from '@crm/platform';
import { ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { join } from 'node:path';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * The read audit end to end over real HTTP, on SQLite and on PostgreSQL: which reads are recorded
 * (client view, timeline, search rows, portfolio rows, alerts), with whom, which route pattern and
 * which purpose; which are not (errors, the access log itself); who may read the log; and what
 * survives a restart or a crash.
 *
 * The main suites run with AUDIT_FLUSH_MS=60000, so nothing is written by the timer during a test:
 * what is on disk is what the access-log read (which flushes first) or the shutdown wrote. "What a
 * crash would leave" is read through a second connection to the audit database: a killed process
 * keeps every committed transaction and loses exactly what was still in its memory.
 */
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; message: string; errors: { field: string; message: string }[] };
type LogEntry = { at: string; userId: string; role: string; route: string; purpose: string | null };
type LogPage = { entries: LogEntry[]; nextCursor: string | null };

type Storage = () => Promise<{
  env: Record<string, string>;
  /** Entries of a client as the audit database holds them now, read outside the app (what a crash would leave). */
  durableCount: (config: AppConfig, clientId: string) => Promise<number>;
  cleanup: () => Promise<void>;
}>;

const sqliteDurableCount = async (config: AppConfig, clientId: string): Promise<number> => {
  const db = new Database(config.auditPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM access_log WHERE client_id = ?').get(clientId) as { n: number }).n;
  } finally {
    db.close();
  }
};

const auditSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`read audit (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let durableCount: (config: AppConfig, clientId: string) => Promise<number>;
    let config: AppConfig;
    let app: NestFastifyApplication;
    let anonymous: ApiClient;
    let admin: ApiClient;
    /** Covers every client these tests register (so scoping lets them read). */
    let manager: ApiClient;
    let officer: ApiClient;
    let dpo: ApiClient;
    let last = '0';
    let episode = 0;

    const tokenFor = async (claims: Record<string, string>): Promise<string> => {
      const response = await anonymous.post<{ token: string }>('/v1/dev/tokens', claims);
      expect(response.status).toBe(201);
      return response.body.token;
    };

    const start = async () => {
      app = await createCrmApi(config);
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      anonymous = new ApiClient(`http://127.0.0.1:${address.port}`);
      admin = anonymous.withToken(await tokenFor({ sub: 'u-admin', role: 'admin' }));
      manager = anonymous.withToken(
        await tokenFor({ sub: 'u-rm-aud', role: 'relationship_manager', managerId: 'M-AUD', branchId: 'BR-AUD' }),
      );
      officer = anonymous.withToken(await tokenFor({ sub: 'u-risk', role: 'risk_officer' }));
      dpo = anonymous.withToken(await tokenFor({ sub: 'u-dpo', role: 'dpo' }));
    };

    const written = async (response: Promise<{ status: number; body: Write }>): Promise<Write> => {
      const answer = await response;
      expect([200, 201]).toContain(answer.status);
      if (BigInt(answer.body.position) > BigInt(last)) last = answer.body.position;
      return answer.body;
    };

    /**
     * Waits until the projector has folded everything written so far. Scoping checks a caller's
     * access against the read model before `minPosition` is waited for, so a manager reading a
     * client assigned a moment ago must not outrun the projection (or the answer is a 404).
     */
    const caughtUp = async (): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const ready = await anonymous.get<{ details?: { projector?: { checkpoint?: string } } }>('/health/ready');
        const checkpoint = ready.body?.details?.projector?.checkpoint;
        if (checkpoint !== undefined && BigInt(checkpoint) >= BigInt(last)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`the projection did not reach ${last}`);
    };

    /** A converted client of M-AUD whose legal name starts with `name`. */
    const registerClient = async (name: string): Promise<string> => {
      const { id } = await written(
        admin.post<Write>('/v1/clients', {
          branchId: 'BR-AUD',
          segment: 'sme',
          industry: 'retail',
          legalName: name,
          registrationNo: `RN-${name.replace(/\W/g, '')}`,
          contact: { phone: '+86 21 5555 0199' },
          source: 'referral',
        }),
      );
      await written(admin.post<Write>(`/v1/clients/${id}/conversion`, {}));
      await written(admin.put<Write>(`/v1/clients/${id}/manager`, { managerId: 'M-AUD', reason: 'coverage' }));
      await caughtUp();
      return id;
    };

    const accessLog = async (clientId: string, query = ''): Promise<LogPage> => {
      const response = await dpo.get<LogPage>(`/v1/clients/${clientId}/access-log${query}`);
      expect(response.status).toBe(200);
      return response.body;
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      durableCount = prepared.durableCount;
      // No risk monitor: these tests raise the only alerts themselves.
      config = loadConfig({
        ...prepared.env,
        PORT: '0',
        LOG_LEVEL: 'silent',
        WORKERS: 'projector',
        AUDIT_FLUSH_MS: '60000',
      });
      await start();
      await written(
        admin.post<Write>('/v1/managers', {
          managerId: 'M-AUD',
          name: 'Audit Manager',
          branchId: 'BR-AUD',
          level: 'senior',
        }),
      );
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('records a client view with the user, role, route pattern and purpose, readable by the dpo at once', async () => {
      const clientId = await registerClient('Audit Viewed Ltd');
      const before = Date.now();
      const view = await manager.get<{ id: string; legalName: string }>(`/v1/clients/${clientId}?minPosition=${last}`, {
        'x-purpose': 'Annual credit review #2026-07',
      });
      expect(view.status).toBe(200);
      expect(view.body.id).toBe(clientId); // the answer itself is untouched
      expect(view.body.legalName).toBe('Audit Viewed Ltd');

      // Still in the writer's batch (the timer is a minute): the access-log read writes it first.
      expect(await durableCount(config, clientId)).toBe(0);
      const log = await accessLog(clientId);
      expect(log.entries).toEqual([
        {
          at: expect.any(String),
          userId: 'u-rm-aud',
          role: 'relationship_manager',
          route: '/v1/clients/:id',
          purpose: 'Annual credit review #2026-07',
        },
      ]);
      const at = Date.parse(log.entries[0].at);
      expect(at).toBeGreaterThanOrEqual(before - 5);
      expect(at).toBeLessThanOrEqual(Date.now() + 5);
      expect(log.nextCursor).toBeNull();
      expect(await durableCount(config, clientId)).toBe(1);
    });

    it('records timeline reads, search rows and portfolio rows: one entry per client returned', async () => {
      const first = await registerClient('Audit Rows Alpha Ltd');
      const second = await registerClient('Audit Rows Beta Ltd');

      expect((await manager.get(`/v1/clients/${first}/timeline?minPosition=${last}`)).status).toBe(200);
      const search = await manager.get<{ items: { id: string }[] }>(
        `/v1/clients?q=${encodeURIComponent('audit rows')}&minPosition=${last}`,
        { 'x-purpose': 'search' },
      );
      expect(search.status).toBe(200);
      expect(search.body.items.map((item) => item.id).sort()).toEqual([first, second].sort());
      const portfolio = await manager.get<{ clients: { id: string }[] }>(
        `/v1/managers/M-AUD/portfolio?minPosition=${last}`,
      );
      expect(portfolio.status).toBe(200);
      const portfolioIds = portfolio.body.clients.map((row) => row.id);
      expect(portfolioIds).toEqual(expect.arrayContaining([first, second]));

      const routes = (page: LogPage) => page.entries.map((entry) => [entry.route, entry.purpose, entry.userId]);
      expect(routes(await accessLog(first))).toEqual([
        ['/v1/managers/:id/portfolio', null, 'u-rm-aud'],
        ['/v1/clients', 'search', 'u-rm-aud'],
        ['/v1/clients/:id/timeline', null, 'u-rm-aud'],
      ]);
      expect(routes(await accessLog(second))).toEqual([
        ['/v1/managers/:id/portfolio', null, 'u-rm-aud'],
        ['/v1/clients', 'search', 'u-rm-aud'],
      ]);
      // Every other client of the portfolio got its row recorded too.
      for (const other of portfolioIds.filter((id) => id !== first && id !== second)) {
        expect((await accessLog(other)).entries[0].route).toBe('/v1/managers/:id/portfolio');
      }
    });

    it('records the client of each alert read, once per answer', async () => {
      const clientId = await registerClient('Audit Alerted Ltd');
      const store = app.get<EventStore>(EVENT_STORE);
      const alertIds: string[] = [];
      for (const ruleId of ['EW-DPD', 'EW-UTIL']) {
        episode += 1;
        const id = `${ruleId}.${clientId}.${episode}`;
        const raisedAt = new Date(Date.now() - 3_600_000).toISOString();
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
                severity: 'high',
                reason: 'reading',
                evidence: [],
                raisedAt,
                dueBy: new Date(Date.now() + 86_400_000).toISOString(),
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
        alertIds.push(id);
        last = result.position.toString();
      }
      await caughtUp();
      const list = await officer.get<{ items: { clientId: string }[] }>(
        `/v1/alerts?clientId=${clientId}&minPosition=${last}`,
      );
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      expect((await officer.get(`/v1/alerts/${alertIds[0]}`, { 'x-purpose': 'alert triage' })).status).toBe(200);

      expect((await accessLog(clientId)).entries.map((entry) => [entry.route, entry.role, entry.purpose])).toEqual([
        ['/v1/alerts/:id', 'risk_officer', 'alert triage'],
        ['/v1/alerts', 'risk_officer', null],
      ]);
    });

    it('does not record answers that are not 2xx, nor the access-log read itself', async () => {
      const clientId = await registerClient('Audit Refused Ltd');
      expect((await manager.get(`/v1/clients/${clientId}?minPosition=${last}`)).status).toBe(200);
      expect((await accessLog(clientId)).entries).toHaveLength(1);

      expect((await anonymous.get(`/v1/clients/${clientId}`)).status).toBe(401);
      expect((await manager.get(`/v1/clients/${clientId}/timeline?limit=500`)).status).toBe(400);
      expect((await manager.get(`/v1/clients/${clientId}?asOf=2000-01-01T00:00:00Z`)).status).toBe(404);
      expect((await manager.get(`/v1/clients/${clientId}`, { 'x-purpose': 'x'.repeat(201) })).status).toBe(400);
      // Out of the caller's scope: the same 404 as an unknown client, and nothing recorded.
      const stranger = anonymous.withToken(
        await tokenFor({ sub: 'u-rm-other', role: 'relationship_manager', managerId: 'M-OTHER', branchId: 'BR-OTHER' }),
      );
      expect((await stranger.get(`/v1/clients/${clientId}`)).status).toBe(404);
      const unknown = '00000000-0000-4000-8000-00000000a0d1';
      expect((await manager.get(`/v1/clients/${unknown}`)).status).toBe(404);
      expect((await manager.get(`/v1/clients/${unknown}/timeline`)).status).toBe(404);
      // A branch dashboard is aggregates, not client rows.
      expect((await admin.get(`/v1/branches/BR-AUD/dashboard?minPosition=${last}`)).status).toBe(200);

      const log = await accessLog(clientId);
      await accessLog(clientId);
      expect(log.entries).toHaveLength(1);
      expect((await accessLog(clientId)).entries).toHaveLength(1);
      expect((await accessLog(unknown)).entries).toEqual([]);
    });

    it('serves the access log to the dpo only', async () => {
      const clientId = await registerClient('Audit Guarded Ltd');
      for (const caller of [admin, manager, officer]) {
        const refused = await caller.get<Failure>(`/v1/clients/${clientId}/access-log`);
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('AUTH.FORBIDDEN');
      }
      expect((await anonymous.get(`/v1/clients/${clientId}/access-log`)).status).toBe(401);
      expect((await dpo.get(`/v1/clients/${clientId}/access-log`)).status).toBe(200);
      expect((await dpo.get('/v1/clients/not-a-uuid/access-log')).status).toBe(400);
    });

    it('exposes the backlog, writes and refusals on /metrics', async () => {
      const scrape = await fetch(`${anonymous.baseUrl}/metrics`);
      const text = await scrape.text();
      for (const series of [
        'crm_audit_backlog_entries',
        'crm_audit_saturated 0',
        'crm_audit_written_entries_total',
        'crm_audit_write_failures_total',
        'crm_audit_refused_reads_total',
        'crm_audit_lost_entries_total',
      ]) {
        expect(text).toContain(series);
      }
    });

    it('pages newest first with an opaque cursor, each entry exactly once', async () => {
      const clientId = await registerClient('Audit Paged Ltd');
      for (let i = 0; i < 7; i++) {
        expect(
          (await manager.get(`/v1/clients/${clientId}?minPosition=${last}`, { 'x-purpose': `read ${i}` })).status,
        ).toBe(200);
      }
      const purposes: (string | null)[] = [];
      let page = await accessLog(clientId, '?limit=3');
      expect(page.entries).toHaveLength(3);
      purposes.push(...page.entries.map((entry) => entry.purpose));
      while (page.nextCursor !== null) {
        expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
        page = await accessLog(clientId, `?limit=3&cursor=${page.nextCursor}`);
        purposes.push(...page.entries.map((entry) => entry.purpose));
      }
      expect(purposes).toEqual(['read 6', 'read 5', 'read 4', 'read 3', 'read 2', 'read 1', 'read 0']);

      for (const query of [
        '?cursor=not-a-cursor',
        `?cursor=${Buffer.from('1.x').toString('base64url')}`,
        '?limit=0',
        '?limit=201',
        '?limit=ten',
        '?other=1',
      ]) {
        const bad = await dpo.get<Failure>(`/v1/clients/${clientId}/access-log${query}`);
        expect(bad.status).toBe(400);
        expect(bad.body.code).toBe('REQUEST.INVALID');
      }
    });

    it.each([
      ['too long', 'x'.repeat(201)],
      ['a control character', 'review\tnow'],
      ['non-ASCII', 'r\u00e9vision'],
    ])('refuses an X-Purpose with %s: 400 naming the header, nothing recorded', async (_name, purpose) => {
      const clientId = await registerClient(`Audit Purpose ${_name}`);
      const response = await manager.get<Failure>(`/v1/clients/${clientId}?minPosition=${last}`, {
        'x-purpose': purpose,
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.INVALID');
      expect(response.body.errors.map((error) => error.field)).toEqual(['X-Purpose']);
      expect(JSON.stringify(response.body)).not.toContain(purpose);
      expect((await accessLog(clientId)).entries).toEqual([]);
    });

    it('checks X-Purpose after authentication: an anonymous caller with a bad one still gets the 401', async () => {
      const clientId = await registerClient('Audit Purpose Anonymous');
      const response = await anonymous.get<Failure>(`/v1/clients/${clientId}`, { 'x-purpose': 'r\u00e9vision' });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    });

    it('writes what is still in the batch on shutdown: the entries survive a restart; a crash would lose only them', async () => {
      const clientId = await registerClient('Audit Restarted Ltd');
      for (let i = 0; i < 3; i++)
        expect((await manager.get(`/v1/clients/${clientId}?minPosition=${last}`)).status).toBe(200);
      // What a crash (no shutdown) would leave now: nothing of these three, the unflushed window.
      expect(await durableCount(config, clientId)).toBe(0);
      await app.close();
      expect(await durableCount(config, clientId)).toBe(3);
      await start();
      const log = await accessLog(clientId);
      expect(log.entries).toHaveLength(3);
      expect(log.entries.every((entry) => entry.userId === 'u-rm-aud' && entry.route === '/v1/clients/:id')).toBe(true);
    });
  });

auditSuite(describe, 'SQLite', async () => {
  const dir = scratchDir('crm-audit-e2e');
  return {
    env: { SQLITE_PATH: join(dir.path, 'crm.sqlite'), SQLITE_DURABLE: 'false' },
    durableCount: sqliteDurableCount,
    cleanup: async () => dir.cleanup(),
  };
});

auditSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('crm_audit_e2e');
  const dir = scratchDir('crm-audit-e2e-pg');
  return {
    env: {
      EVENT_STORE: 'postgres',
      DATABASE_URL: POSTGRES_TEST_URL,
      DATABASE_SCHEMA: schema,
      SQLITE_PATH: join(dir.path, 'crm.sqlite'),
    },
    durableCount: async (config, clientId) => {
      expect(config.auditStore).toBe('postgres');
      const client = new Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM "${schema}".access_log WHERE client_id = $1`,
          [clientId],
        );
        return Number(rows[0].n);
      } finally {
        await client.end();
      }
    },
    cleanup: async () => {
      await drop();
      dir.cleanup();
    },
  };
});

/**
 * The defaults a deployment runs with (AUDIT_FLUSH_MS=100): an entry is on disk a moment after the
 * read, so a crash loses at most the reads of the last ~100 ms (plus a write in flight). And the
 * bench switch AUDIT_ENABLED=false records nothing.
 */
describe('read audit (SQLite, default flush window; audit switched off)', () => {
  const dir = scratchDir('crm-audit-window');
  const apps: NestFastifyApplication[] = [];

  const boot = async (env: Record<string, string>) => {
    const config = loadConfig({
      SQLITE_PATH: join(dir.path, 'crm.sqlite'),
      SQLITE_DURABLE: 'false',
      PORT: '0',
      LOG_LEVEL: 'silent',
      WORKERS: 'projector',
      ...env,
    });
    const app = await createCrmApi(config);
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    const anonymous = new ApiClient(`http://127.0.0.1:${address.port}`);
    const token = async (claims: Record<string, string>) =>
      (await anonymous.post<{ token: string }>('/v1/dev/tokens', claims)).body.token;
    const admin = anonymous.withToken(await token({ sub: 'u-admin', role: 'admin' }));
    const dpo = anonymous.withToken(await token({ sub: 'u-dpo', role: 'dpo' }));
    const created = await admin.post<Write>('/v1/clients', {
      branchId: 'BR-W',
      segment: 'sme',
      industry: 'retail',
      legalName: 'Window Ltd',
      registrationNo: 'RN-W',
      contact: { phone: '+8612345678' },
      source: 'referral',
    });
    expect(created.status).toBe(201);
    return { config, admin, dpo, clientId: created.body.id, position: created.body.position };
  };

  afterAll(async () => {
    for (const app of apps) await app.close();
    dir.cleanup();
  });

  it('has a read on disk within the flush window, without any shutdown', async () => {
    const { config, admin, clientId, position } = await boot({});
    expect(config.auditFlushMs).toBe(100);
    expect((await admin.get(`/v1/clients/${clientId}?minPosition=${position}`)).status).toBe(200);
    const readAt = Date.now();
    let durableAfterMs = -1;
    while (Date.now() - readAt < 5_000) {
      if ((await sqliteDurableCount(config, clientId)) === 1) {
        durableAfterMs = Date.now() - readAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // 100 ms by design; the bound leaves room for a busy CI machine.
    expect(durableAfterMs).toBeGreaterThanOrEqual(0);
    expect(durableAfterMs).toBeLessThan(2_000);
  });

  it('fails closed: with the audit unable to write and its backlog at the bound, client reads are 503 until it drains', async () => {
    const { config, admin, dpo, clientId, position } = await boot({
      SQLITE_PATH: join(dir.path, 'locked.sqlite'),
      AUDIT_BATCH_SIZE: '1',
      AUDIT_MAX_BACKLOG: '2',
    });
    const read = () => admin.get<Failure>(`/v1/clients/${clientId}?minPosition=${position}`);
    // Another connection holds the audit file's write lock: every batch fails (and is retried).
    const locker = new Database(config.auditPath);
    locker.exec('BEGIN IMMEDIATE');
    try {
      expect((await read()).status).toBe(200);
      expect((await read()).status).toBe(200); // two entries held in memory: the bound
      const refused = await read();
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('AUDIT.UNAVAILABLE');
      expect(refused.headers.get('retry-after')).toBe('5');
      // Routes that return no client data are not affected.
      expect((await admin.get('/v1/branches/BR-W/dashboard')).status).toBe(200);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    // The retries (backoff 100 ms doubling, at most 5 s) write the backlog; reads are served again.
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await read()).status) !== 200)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(status).toBe(200);
    const log = await dpo.get<LogPage>(`/v1/clients/${clientId}/access-log`);
    expect(log.status).toBe(200);
    // The two held entries were kept, not dropped; the refused read left none; the read that got through, one.
    expect(log.body.entries).toHaveLength(3);
  });

  it('records nothing with AUDIT_ENABLED=false (the bench switch, refused in production)', async () => {
    const { admin, dpo, clientId, position } = await boot({
      AUDIT_ENABLED: 'false',
      SQLITE_PATH: join(dir.path, 'off.sqlite'),
    });
    expect((await admin.get(`/v1/clients/${clientId}?minPosition=${position}`)).status).toBe(200);
    const log = await dpo.get<LogPage>(`/v1/clients/${clientId}/access-log`);
    expect(log.status).toBe(200);
    expect(log.body.entries).toEqual([]);
  });
});
