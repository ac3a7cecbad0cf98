import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { EventStore, RecordedEvent } from '@crm/event-store';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, RecordedLog } from '@crm/testing';
import { ClientListQueries } from '../client-list/client-list.queries';
import { ClientViewQueries } from '../client-view/client-view.queries';
import { PostgresReadModelStore } from '../postgres/postgres.read-model-store';
import { CLIENT_READ_MODELS_PROJECTION, ClientReadModelsProjector } from '../projector/client-read-models.projector';
import { rebuildIntoNewGeneration } from '../projector/generation-rebuild';
import { InvalidQueryError } from '../queries/invalid-query.error';
import { generationDdl } from '../sql/projection-generation';
import { readModelMigrations } from '../sql/read-model.migrations';
import type { SqlReadModelStore } from '../sql/sql.read-model-store';
import { SQLITE_DIALECT } from '../sqlite/sqlite.dialect';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import { AlertQueries } from './alert.queries';
import type { AlertListQuery, AlertView } from './alert-view';

/** One read-model database per call, on one engine. */
type Engine = Readonly<{
  create(): Promise<{
    open(): Promise<SqlReadModelStore>;
    /** What read-model migration 4 does to a database: forget the client-view checkpoint. */
    forgetCheckpoint(): Promise<void>;
    tables(): Promise<string[]>;
  }>;
  dispose(): Promise<void>;
}>;

const NOW = new Date('2026-06-30T12:00:00.000Z');
const client = (n: number): string => `0190a4c2-00d0-7000-8000-${n.toString(16).padStart(12, '0')}`;
const alertId = (rule: string, n: number): string => `${rule}.${client(n)}.1`;
const at = (hours: number): string =>
  new Date(Date.parse('2026-06-01T00:00:00.000Z') + hours * 3_600_000).toISOString();

const A1 = alertId('EW-DPD', 1);
const A2 = alertId('EW-UTIL', 1);
const A3 = alertId('EW-DPD', 2);
const A4 = alertId('EW-RATING', 3);
const A5 = alertId('EW-UTIL', 2);
const CLIENTS = [client(1), client(2), client(3)];

/**
 * | alert | client         | rule      | severity          | raised | life                              |
 * |-------|----------------|-----------|-------------------|--------|-----------------------------------|
 * | A1    | c1 (m-1, br-1) | EW-DPD    | high              | +1 h   | acknowledged                      |
 * | A2    | c1             | EW-UTIL   | low → medium      | +2 h   | escalated                         |
 * | A3    | c2 (m-1, br-1) | EW-DPD    | critical          | +3 h   | resolved (false positive)         |
 * | A5    | c2             | EW-UTIL   | medium            | +3 h   | open                              |
 * | A4    | c3 (–, br-2)   | EW-RATING | medium            | +4 h   | resolved, reopened                |
 * The log ends with a client event, as a log projected by a build without alerts would.
 */
const buildLog = (): RecordedLog => {
  const log = new RecordedLog();
  for (const id of ['m-1', 'm-2']) {
    log.append(`manager-${id}`, {
      type: 'ManagerRegistered',
      data: { managerId: id, name: `Manager ${id}`, branchId: 'br-1', level: 'senior' },
    });
  }
  const register = (n: number, branchId: string, managerId?: string): void => {
    log.append(`client-${client(n)}`, {
      type: 'ProspectRegistered',
      data: {
        clientId: client(n),
        branchId,
        segment: 'sme',
        industry: 'retail',
        legalName: `Client ${n}`,
        registrationNo: `RN-${n}`,
        contact: {},
        source: 'branch',
      },
    });
    if (managerId !== undefined) {
      log.append(`client-${client(n)}`, {
        type: 'ManagerAssigned',
        data: { managerId, managerLevel: 'senior', reason: 'coverage' },
      });
    }
  };
  const alert = (id: string, type: string, data: object): void => {
    const clientId = id.split('.')[1];
    log.append(`alert-${id}`, { type, data: { alertId: id, clientId, ...data } });
  };
  const raise = (id: string, ruleId: string, severity: string, hours: number): void =>
    alert(id, 'AlertRaised', {
      ruleId,
      ruleVersion: 1,
      episode: 1,
      severity,
      reason: `${ruleId} reading`,
      evidence: ['evt-x'],
      raisedAt: at(hours),
      dueBy: at(hours + 24),
    });

  register(1, 'br-1', 'm-1');
  register(2, 'br-1', 'm-1');
  register(3, 'br-2');
  raise(A1, 'EW-DPD', 'high', 1);
  raise(A2, 'EW-UTIL', 'low', 2);
  raise(A3, 'EW-DPD', 'critical', 3);
  raise(A5, 'EW-UTIL', 'medium', 3);
  raise(A4, 'EW-RATING', 'medium', 4);
  alert(A1, 'AlertAcknowledged', { acknowledgedBy: 'u-ro', acknowledgedAt: at(5) });
  alert(A2, 'AlertEscalated', {
    from: 'low',
    severity: 'medium',
    to: 'credit_committee',
    reason: 'worse',
    evidence: [],
    escalatedAt: at(5),
    dueBy: at(12),
  });
  alert(A3, 'AlertResolved', { outcome: 'false_positive', note: 'data error', resolvedBy: 'u-ro', resolvedAt: at(6) });
  alert(A4, 'AlertResolved', { outcome: 'actioned', note: 'called', resolvedBy: 'u-ro', resolvedAt: at(6) });
  alert(A4, 'AlertReopened', { reason: 'again', reopenedBy: 'u-ro', reopenedAt: at(7), dueBy: at(30) });
  log.append(`client-${client(3)}`, { type: 'ProspectConverted', data: { convertedAt: at(8) } });
  return log;
};

const ALL: AlertListQuery = { limit: 200 };

/** Everything a query can see of the alerts and the three clients. */
const snapshot = async (store: SqlReadModelStore) => ({
  alerts: await store.alerts.listAlerts(ALL, null, 200),
  views: await Promise.all(CLIENTS.map((id) => store.clientViews.getClientView(id))),
  checkpoint: await store.checkpoint(CLIENT_READ_MODELS_PROJECTION),
});

/** Only what rebuildIntoNewGeneration reads of an event store. */
const logStore = (events: readonly RecordedEvent[]): EventStore =>
  ({
    readAll: async ({ after = 0n, maxCount = Number.MAX_SAFE_INTEGER }: { after?: bigint; maxCount?: number } = {}) =>
      events.filter((event) => event.position > after).slice(0, maxCount),
    headPosition: async () => events[events.length - 1].position,
  }) as unknown as EventStore;

const alertsReadModelSuite = (name: string, engine: Engine): void =>
  describe(`alerts read model: ${name}`, () => {
    let store: SqlReadModelStore;
    let alerts: AlertQueries;
    let lists: ClientListQueries;
    let log: RecordedLog;

    beforeAll(async () => {
      store = await (await engine.create()).open();
      const views = new ClientViewQueries(store, CLIENT_READ_MODELS_PROJECTION, null);
      alerts = new AlertQueries(store, views);
      lists = new ClientListQueries(store, views);
      log = buildLog();
      await new ClientReadModelsProjector(store).projectBatch(0n, log.events);
    });

    afterAll(async () => {
      await store.close();
      await engine.dispose();
    });

    const ids = (page: { items: readonly AlertView[] }): string[] => page.items.map((item) => item.id);

    it('keeps one row per alert with the client’s branch and manager', async () => {
      expect(await alerts.getAlert(A1)).toEqual({
        id: A1,
        clientId: client(1),
        ruleId: 'EW-DPD',
        ruleVersion: 1,
        episode: 1,
        severity: 'high',
        status: 'acknowledged',
        reason: 'EW-DPD reading',
        evidence: ['evt-x'],
        raisedAt: at(1),
        dueBy: at(25),
        acknowledgedBy: 'u-ro',
        acknowledgedAt: at(5),
        escalatedTo: null,
        escalatedAt: null,
        outcome: null,
        note: null,
        resolvedBy: null,
        resolvedAt: null,
        reopenedAt: null,
        branchId: 'br-1',
        managerId: 'm-1',
        revision: 1,
        position: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(await alerts.getAlert(A2)).toMatchObject({
        status: 'escalated',
        severity: 'medium',
        escalatedTo: 'credit_committee',
        dueBy: at(12),
      });
      expect(await alerts.getAlert(A3)).toMatchObject({
        status: 'resolved',
        outcome: 'false_positive',
        note: 'data error',
      });
      expect(await alerts.getAlert(A4)).toMatchObject({
        status: 'open',
        outcome: null,
        branchId: 'br-2',
        managerId: null,
        revision: 2,
      });
      expect(await alerts.getAlert('EW-NONE.x.1')).toBeNull();
    });

    it('lists the unresolved alerts in the client view and counts them in the portfolio and the dashboard', async () => {
      const c1 = await store.clientViews.getClientView(client(1));
      expect(c1?.openAlerts).toEqual([
        { id: A1, ruleId: 'EW-DPD', severity: 'high', status: 'acknowledged', dueBy: at(25) },
        { id: A2, ruleId: 'EW-UTIL', severity: 'medium', status: 'escalated', dueBy: at(12) },
      ]);
      // Alert events leave the client stream's revision (the view's ETag) alone.
      expect(c1?.revision).toBe(1);
      expect((await store.clientViews.getClientView(client(2)))?.openAlerts.map((a) => a.id)).toEqual([A5]);
      expect((await store.clientViews.getClientView(client(3)))?.openAlerts.map((a) => a.id)).toEqual([A4]);

      const portfolio = await lists.portfolio('m-1', NOW);
      expect(portfolio.totals).toMatchObject({ openAlerts: 3, atRisk: 1 });
      expect(portfolio.clients.map((c) => [c.id, c.openAlerts, c.riskLevel])).toEqual([
        [client(1), 2, 'high'],
        [client(2), 1, 'medium'],
      ]);
      expect((await lists.branchDashboard('br-1', NOW)).openAlertsBySeverity).toEqual({
        low: 0,
        medium: 2,
        high: 1,
        critical: 0,
      });
      expect((await lists.branchDashboard('br-2', NOW)).openAlertsBySeverity).toEqual({
        low: 0,
        medium: 1,
        high: 0,
        critical: 0,
      });
    });

    it('lists newest raised first (ties by id) and filters by status, severity, client and rule', async () => {
      expect(ids(await alerts.listAlerts(ALL))).toEqual([A4, A5, A3, A2, A1]);
      expect(ids(await alerts.listAlerts({ ...ALL, statuses: ['open'] }))).toEqual([A4, A5]);
      expect(ids(await alerts.listAlerts({ ...ALL, statuses: ['acknowledged', 'escalated'] }))).toEqual([A2, A1]);
      expect(ids(await alerts.listAlerts({ ...ALL, statuses: [] }))).toEqual([A4, A5, A3, A2, A1]);
      expect(ids(await alerts.listAlerts({ ...ALL, severity: 'medium' }))).toEqual([A4, A5, A2]);
      expect(ids(await alerts.listAlerts({ ...ALL, clientId: client(1) }))).toEqual([A2, A1]);
      expect(ids(await alerts.listAlerts({ ...ALL, ruleId: 'EW-DPD' }))).toEqual([A3, A1]);
      expect(
        ids(
          await alerts.listAlerts({
            ...ALL,
            statuses: ['open', 'resolved'],
            clientId: client(2),
            severity: 'critical',
          }),
        ),
      ).toEqual([A3]);
      expect(ids(await alerts.listAlerts({ ...ALL, clientId: client(9) }))).toEqual([]);
    });

    it('pages with an opaque keyset cursor, and refuses a cursor no page handed out or a limit out of range', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: readonly AlertView[]; nextCursor: string | null } = await alerts.listAlerts({
          limit: 2,
          ...(cursor === null ? {} : { cursor }),
        });
        seen.push(...ids(page));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(seen).toEqual([A4, A5, A3, A2, A1]);
      expect(pages).toBe(3);
      const filtered = await alerts.listAlerts({ limit: 1, severity: 'medium' });
      expect(ids(filtered)).toEqual([A4]);
      expect(ids(await alerts.listAlerts({ limit: 5, severity: 'medium', cursor: filtered.nextCursor ?? '' }))).toEqual(
        [A5, A2],
      );

      for (const bad of ['not-a-cursor', '', Buffer.from('a1:yesterday|x').toString('base64url'), 'x'.repeat(500)]) {
        await expect(alerts.listAlerts({ limit: 5, cursor: bad })).rejects.toBeInstanceOf(InvalidCursorError);
      }
      for (const limit of [0, 201, 1.5])
        await expect(alerts.listAlerts({ limit })).rejects.toBeInstanceOf(InvalidQueryError);
    });

    it('ends where a fresh projection ends when projected event by event, and moves a reassigned client’s alerts', async () => {
      const db = await engine.create();
      const single = await db.open();
      try {
        const projector = new ClientReadModelsProjector(single);
        let from = 0n;
        for (const event of log.events) from = await projector.projectBatch(from, [event]);
        expect(await snapshot(single)).toEqual(await snapshot(store));

        // c1 goes to m-2: its alerts follow, open or not; c2's stay with m-1.
        const reassigned: RecordedEvent = {
          ...log.events[0],
          eventId: 'evt-reassign',
          streamId: `client-${client(1)}`,
          type: 'ManagerAssigned',
          data: { managerId: 'm-2', managerLevel: 'senior', previousManagerId: 'm-1', reason: 'rotation' },
          revision: 2,
          position: from + 1n,
        };
        await projector.projectBatch(from, [reassigned]);
        expect((await single.alerts.getAlert(A1))?.managerId).toBe('m-2');
        expect((await single.alerts.getAlert(A2))?.managerId).toBe('m-2');
        expect((await single.alerts.getAlert(A5))?.managerId).toBe('m-1');
        expect(
          (
            await new ClientListQueries(
              single,
              new ClientViewQueries(single, CLIENT_READ_MODELS_PROJECTION, null),
            ).portfolio('m-2', NOW)
          ).totals.openAlerts,
        ).toBe(2);
      } finally {
        await single.close();
      }
    });

    it('fills alerts recorded before the migration by replaying the log over views a build without alerts wrote', async () => {
      const db = await engine.create();
      let old = await db.open();
      // A build without alerts: alert streams skipped, checkpoint at the head.
      await new ClientReadModelsProjector(old).projectBatch(
        0n,
        log.events.filter((event) => !event.streamId.startsWith('alert-')),
      );
      expect((await snapshot(old)).alerts).toEqual([]);
      await old.close();

      await db.forgetCheckpoint();
      old = await db.open();
      try {
        expect(await old.checkpoint(CLIENT_READ_MODELS_PROJECTION)).toBe(0n);
        await new ClientReadModelsProjector(old).projectBatch(0n, log.events);
        expect(await snapshot(old)).toEqual(await snapshot(store));
      } finally {
        await old.close();
      }
    });

    it('rebuilds the alerts with the other tables into a new generation', async () => {
      const db = await engine.create();
      const live = await db.open();
      try {
        await new ClientReadModelsProjector(live).projectBatch(0n, log.events.slice(0, 10));
        const result = await rebuildIntoNewGeneration(logStore(log.events), live, { retireAfterMs: 0 });
        expect(result).toMatchObject({ generation: 2, previous: 1 });
        const tables = await db.tables();
        expect(tables).toEqual(expect.arrayContaining(['alerts_g2', 'client_view_g2']));
        expect(tables).not.toContain('alerts');
        expect(await snapshot(live)).toEqual(await snapshot(store));
      } finally {
        await live.close();
      }
    });
  });

// SQLite: a file per database in a temp folder.
(() => {
  let dir: string | null = null;
  let files = 0;
  const listTables = (file: string): string[] => {
    const db = new Database(file, { readonly: true });
    try {
      return (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
      ).map((row) => row.name);
    } finally {
      db.close();
    }
  };
  alertsReadModelSuite('SQLite', {
    create: async () => {
      dir ??= mkdtempSync(join(tmpdir(), 'crm-alerts-'));
      files += 1;
      const file = join(dir, `read-models-${files}.sqlite`);
      return {
        open: async () => SqliteReadModelStore.open(file, { generationPollMs: 0 }),
        forgetCheckpoint: async () => {
          const db = new Database(file);
          db.prepare("DELETE FROM projection_checkpoints WHERE name = 'client-view'").run();
          db.close();
        },
        tables: async () => listTables(file),
      };
    },
    dispose: async () => {
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  });

  describe('read-model migration 4 on SQLite', () => {
    it('creates the alerts table of the live generation and replays the log from the start', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'crm-alerts-migration-'));
      try {
        const file = join(folder, 'read-models.sqlite');
        // A database at version 3 whose live generation is 2 (rebuilt once), checkpoint at 42.
        const db = new Database(file);
        const plan = readModelMigrations(SQLITE_DIALECT, 'schema_migrations');
        db.prepare(plan.createLedger).run();
        const statements = plan.pending(0);
        const endOfThree = statements.findIndex((s) => s.params[0] === 3);
        for (const statement of statements.slice(0, endOfThree + 1)) db.prepare(statement.sql).run(statement.params);
        // Generation 2 as version 3 made it: without the tables of migrations 4 (alerts), 5 and 6
        // (branch aggregates), 7 (risk cases), 9 (agenda items), 10 (opportunities), 11 (complaints),
        // 12 (feedback), 13 (satisfaction responses), 14 (service levels) and 15 (search terms).
        for (const sql of generationDdl(SQLITE_DIALECT, 2).filter(
          (sql) =>
            !/alerts_g2|branch_\w+_g2|risk_cases_g2|agenda_items_g2|opportunities_g2|complaints_g2|feedback_g2|satisfaction_responses_g2|service_times_g2|department_ratings_g2|client_search_terms_g2/.test(
              sql,
            ),
        ))
          db.prepare(sql).run();
        // …and without migration 8's column on the view table, nor migration 18's index.
        db.prepare('DROP INDEX client_view_g2_by_credit_approval').run();
        db.prepare('DROP INDEX client_view_g2_by_client_id_for_search').run();
        db.prepare('ALTER TABLE client_view_g2 DROP COLUMN credit_approval').run();
        db.prepare("UPDATE projection_generations SET live_generation = 2 WHERE projection = 'client-view'").run();
        db.prepare("INSERT INTO projection_checkpoints (name, position) VALUES ('client-view', 42)").run();
        db.close();

        const store = SqliteReadModelStore.open(file, { generationPollMs: 0 });
        const tables = listTables(file);
        expect(tables).toContain('alerts_g2');
        expect(tables).not.toContain('alerts');
        await store.close();
        const after = new Database(file, { readonly: true });
        expect(after.prepare('SELECT position FROM projection_checkpoints').all()).toEqual([]);
        expect(after.prepare('SELECT MAX(version) AS version FROM schema_migrations').get()).toEqual({
          version: statements[statements.length - 1].params[0],
        });
        after.close();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
})();

describeWithPostgres('alerts read model on PostgreSQL', () => {
  const drops: (() => Promise<void>)[] = [];
  const withClient = async <T>(work: (pg: Client) => Promise<T>): Promise<T> => {
    const pg = new Client({ connectionString: POSTGRES_TEST_URL });
    await pg.connect();
    try {
      return await work(pg);
    } finally {
      await pg.end();
    }
  };
  alertsReadModelSuite('PostgreSQL', {
    create: async () => {
      const { schema, drop } = await createTestSchema('crm_alerts');
      drops.push(drop);
      return {
        open: () =>
          PostgresReadModelStore.open({
            connectionString: POSTGRES_TEST_URL,
            schema,
            maxConnections: 2,
            generationPollMs: 0,
          }),
        forgetCheckpoint: () =>
          withClient(
            async (pg) =>
              void (await pg.query(`DELETE FROM "${schema}".projection_checkpoints WHERE name = 'client-view'`)),
          ),
        tables: () =>
          withClient(async (pg) =>
            (
              await pg.query<{ table_name: string }>(
                'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
                [schema],
              )
            ).rows.map((row) => row.table_name),
          ),
      };
    },
    dispose: async () => {
      await Promise.all(drops.splice(0).map((drop) => drop()));
    },
  });
});
