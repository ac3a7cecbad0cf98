import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, RecordedLog } from '@crm/testing';
import { AlertQueries } from '../alerts/alert.queries';
import type { AlertView } from '../alerts/alert-view';
import { ClientListQueries } from '../client-list/client-list.queries';
import type { ClientSearch, ClientSearchItem } from '../client-list/client-search';
import { ClientViewQueries } from '../client-view/client-view.queries';
import { PostgresReadModelStore } from '../postgres/postgres.read-model-store';
import { CLIENT_READ_MODELS_PROJECTION, ClientReadModelsProjector } from '../projector/client-read-models.projector';
import { clientSearchSql } from '../sql/sql.client-list.repository';
import { alertListSql } from '../sql/sql.alert.repository';
import type { SqlReadModelStore } from '../sql/sql.read-model-store';
import { SQLITE_DIALECT } from '../sqlite/sqlite.dialect';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { isInScope, type ClientScope } from '@crm/policy';
import { scopeCondition } from './scope-condition';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const client = (n: number): string => `0190a4c2-00d0-7000-8000-${n.toString(16).padStart(12, '0')}`;
const at = (hours: number): string =>
  new Date(Date.parse('2026-06-01T00:00:00.000Z') + hours * 3_600_000).toISOString();

const RM: ClientScope = { kind: 'manager', managerId: 'm-1' };
const HEAD: ClientScope = { kind: 'branch', branchId: 'br-1' };
const OTHER_HEAD: ClientScope = { kind: 'branch', branchId: 'br-2' };

/**
 * Twelve prospects in id order, the relationship manager's (m-1) spread among the others so a
 * filter applied after paging would show as short or empty pages:
 *
 * | n | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |
 * |---|---|---|---|---|---|---|---|---|---|----|----|----|
 * | branch | br-1 | br-1 | br-2 | br-1 | br-2 | br-1 | br-1 | br-1 | br-2 | br-1 | br-1 | br-2 |
 * | manager | m-2 | m-1 | m-3 | m-2 | m-1 | – | m-2 | m-1 | m-3 | m-2 | m-1 | m-3 |
 *
 * and one alert each on clients 2, 3, 5, 7 and 8, raised in that order.
 */
const LAYOUT: [number, string, string | null][] = [
  [1, 'br-1', 'm-2'],
  [2, 'br-1', 'm-1'],
  [3, 'br-2', 'm-3'],
  [4, 'br-1', 'm-2'],
  [5, 'br-2', 'm-1'],
  [6, 'br-1', null],
  [7, 'br-1', 'm-2'],
  [8, 'br-1', 'm-1'],
  [9, 'br-2', 'm-3'],
  [10, 'br-1', 'm-2'],
  [11, 'br-1', 'm-1'],
  [12, 'br-2', 'm-3'],
];
const ALERTED = [2, 3, 5, 7, 8];
const alertOf = (n: number) => `EW-DPD.${client(n)}.1`;

const buildLog = (): RecordedLog => {
  const log = new RecordedLog();
  for (const [id, branchId] of [
    ['m-1', 'br-1'],
    ['m-2', 'br-1'],
    ['m-3', 'br-2'],
  ]) {
    log.append(`manager-${id}`, {
      type: 'ManagerRegistered',
      data: { managerId: id, name: `Manager ${id}`, branchId, level: 'senior' },
    });
  }
  for (const [n, branchId, managerId] of LAYOUT) {
    log.append(`client-${client(n)}`, {
      type: 'ProspectRegistered',
      data: {
        clientId: client(n),
        branchId,
        segment: 'sme',
        industry: 'retail',
        legalName: `Scope ${n} Ltd`,
        registrationNo: `RN-${n}`,
        contact: { phone: '1' },
        source: 'branch',
      },
    });
    if (managerId !== null) {
      log.append(`client-${client(n)}`, {
        type: 'ManagerAssigned',
        data: { managerId, managerLevel: 'senior', reason: 'coverage' },
      });
    }
  }
  ALERTED.forEach((n, i) => {
    log.append(`alert-${alertOf(n)}`, {
      type: 'AlertRaised',
      data: {
        alertId: alertOf(n),
        clientId: client(n),
        ruleId: 'EW-DPD',
        ruleVersion: 1,
        episode: 1,
        severity: 'high',
        reason: 'r',
        evidence: [],
        raisedAt: at(i),
        dueBy: at(i + 24),
      },
    });
  });
  return log;
};

type Engine = Readonly<{ open(): Promise<SqlReadModelStore>; dispose(): Promise<void> }>;

const scopedQueriesSuite = (name: string, engine: () => Promise<Engine>): void =>
  describe(`scoped client and alert queries: ${name}`, () => {
    let opened: Engine;
    let store: SqlReadModelStore;
    let lists: ClientListQueries;
    let alerts: AlertQueries;

    beforeAll(async () => {
      opened = await engine();
      store = await opened.open();
      const views = new ClientViewQueries(store, CLIENT_READ_MODELS_PROJECTION, null);
      lists = new ClientListQueries(store, views);
      alerts = new AlertQueries(store, views);
      await new ClientReadModelsProjector(store).projectBatch(0n, buildLog().events);
    });

    afterAll(async () => {
      await store.close();
      await opened.dispose();
    });

    /** Every page of a search, each page's ids separately. */
    const pages = async (search: Omit<ClientSearch, 'cursor'>): Promise<string[][]> => {
      const all: string[][] = [];
      let cursor: string | null = null;
      do {
        const page: { items: readonly ClientSearchItem[]; nextCursor: string | null } = await lists.searchClients({
          ...search,
          ...(cursor === null ? {} : { cursor }),
        });
        all.push(page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return all;
    };
    const ids = (...ns: number[]) => ns.map(client);

    it('pages through exactly the scope: full pages, no gaps, no trailing empty page', async () => {
      expect(await pages({ limit: 1, scope: RM })).toEqual([ids(2), ids(5), ids(8), ids(11)]);
      expect(await pages({ limit: 3, scope: HEAD })).toEqual([ids(1, 2, 4), ids(6, 7, 8), ids(10, 11)]);
      expect(await pages({ limit: 2, scope: OTHER_HEAD })).toEqual([ids(3, 5), ids(9, 12)]);
      expect(await pages({ limit: 200, scope: { kind: 'all' } })).toEqual([LAYOUT.map(([n]) => client(n))]);
      expect(await pages({ limit: 200 })).toEqual([LAYOUT.map(([n]) => client(n))]);
    });

    it('combines the scope with the caller’s own filters', async () => {
      expect(await pages({ limit: 50, scope: RM, branchId: 'br-1' })).toEqual([ids(2, 8, 11)]);
      expect(await pages({ limit: 50, scope: RM, managerId: 'm-2' })).toEqual([[]]);
      expect(await pages({ limit: 50, scope: HEAD, managerId: 'm-1' })).toEqual([ids(2, 8, 11)]);
      expect(await pages({ limit: 50, scope: HEAD, branchId: 'br-2' })).toEqual([[]]);
      expect(await pages({ limit: 2, scope: RM, q: 'scope 1' })).toEqual([ids(11)]);
    });

    it('matches registration-number prefixes only when asked to', async () => {
      expect(await pages({ limit: 50, q: 'RN-1' })).toEqual([ids(1, 10, 11, 12)]);
      expect(await pages({ limit: 50, q: 'RN-1', matchRegistrationNo: false })).toEqual([[]]);
      expect(await pages({ limit: 50, q: 'Scope 1', matchRegistrationNo: false })).toEqual([ids(1, 10, 11, 12)]);
      expect(await pages({ limit: 1, q: 'RN-1', matchRegistrationNo: true, scope: HEAD })).toEqual([
        ids(1),
        ids(10),
        ids(11),
      ]);
    });

    it('narrows portfolios and dashboards in SQL', async () => {
      const portfolio = async (managerId: string, scope?: ClientScope) =>
        (await lists.portfolio(managerId, NOW, scope)).clients.map((c) => c.id).sort();
      expect(await portfolio('m-1')).toEqual(ids(11, 2, 5, 8).sort());
      expect(await portfolio('m-1', RM)).toEqual(ids(11, 2, 5, 8).sort());
      // A branch head sees the manager's clients of their own branch only.
      expect(await portfolio('m-1', HEAD)).toEqual(ids(11, 2, 8).sort());
      expect(await portfolio('m-1', OTHER_HEAD)).toEqual(ids(5));
      expect(await portfolio('m-2', RM)).toEqual([]);
      expect((await lists.branchDashboard('br-1', NOW)).prospects).toBe(8);
      expect((await lists.branchDashboard('br-1', NOW, HEAD)).prospects).toBe(8);
      expect((await lists.branchDashboard('br-1', NOW, OTHER_HEAD)).prospects).toBe(0);
      expect((await lists.branchDashboard('br-1', NOW, RM)).prospects).toBe(3);
    });

    it('locates a projected client, and nothing else', async () => {
      expect(await lists.clientLocation(client(5))).toEqual({ branchId: 'br-2', managerId: 'm-1' });
      expect(await lists.clientLocation(client(6))).toEqual({ branchId: 'br-1', managerId: null });
      expect(await lists.clientLocation(client(99))).toBeNull();
    });

    it('lists alerts of the scope only, a full page at a time', async () => {
      const alertPages = async (scope?: ClientScope): Promise<string[][]> => {
        const all: string[][] = [];
        let cursor: string | null = null;
        do {
          const page: { items: readonly AlertView[]; nextCursor: string | null } = await alerts.listAlerts({
            limit: 1,
            ...(scope === undefined ? {} : { scope }),
            ...(cursor === null ? {} : { cursor }),
          });
          all.push(page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor !== null);
        return all;
      };
      expect(await alertPages(RM)).toEqual([[alertOf(8)], [alertOf(5)], [alertOf(2)]]);
      expect(await alertPages(HEAD)).toEqual([[alertOf(8)], [alertOf(7)], [alertOf(2)]]);
      expect(await alertPages(OTHER_HEAD)).toEqual([[alertOf(5)], [alertOf(3)]]);
      expect((await alertPages()).flat()).toEqual([8, 7, 5, 3, 2].map(alertOf));
      expect((await alerts.listAlerts({ limit: 50, scope: RM, clientId: client(7) })).items).toEqual([]);
    });
  });

describe('client scope', () => {
  it('decides membership by branch or covering manager', () => {
    expect(isInScope({ kind: 'all' }, { branchId: 'b', managerId: null })).toBe(true);
    expect(isInScope(HEAD, { branchId: 'br-1', managerId: null })).toBe(true);
    expect(isInScope(HEAD, { branchId: 'br-2', managerId: 'm-1' })).toBe(false);
    expect(isInScope(RM, { branchId: 'br-2', managerId: 'm-1' })).toBe(true);
    expect(isInScope(RM, { branchId: 'br-1', managerId: null })).toBe(false);
    expect(scopeCondition(undefined, { branchId: 'b', managerId: 'm' })).toBeNull();
    expect(scopeCondition(RM, { branchId: 'v.branch_id', managerId: 'v.manager_id' })).toEqual({
      sql: 'v.manager_id = ?',
      value: 'm-1',
    });
  });

  it('pages a scoped search and alert list off an index on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-scope-plans-'));
    try {
      const file = join(dir, 'rm.sqlite');
      await SqliteReadModelStore.open(file).close();
      const db = new Database(file, { readonly: true });
      const plan = (sql: string, params: unknown[]) =>
        db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(params)
          .map((row) => (row as { detail: string }).detail)
          .join('\n');
      const none = {
        managerId: false,
        branchId: false,
        tier: false,
        riskLevel: false,
        creditApproval: false,
        q: false,
      };
      const rm = plan(clientSearchSql(SQLITE_DIALECT, { ...none, scope: 'manager' }), ['', 'm-1', 51]);
      expect(rm).toContain('USING INDEX client_view_by_manager_id (');
      expect(rm).not.toContain('TEMP B-TREE');
      const head = plan(clientSearchSql(SQLITE_DIALECT, { ...none, scope: 'branch' }), ['', 'br-1', 51]);
      expect(head).toContain('USING INDEX client_view_by_branch_id (');
      expect(head).not.toContain('TEMP B-TREE');
      const list = plan(
        alertListSql(SQLITE_DIALECT, {
          after: false,
          statuses: false,
          severity: false,
          clientId: false,
          ruleId: false,
          scope: 'manager',
        }),
        ['m-1', 51],
      );
      expect(list).not.toContain('TEMP B-TREE');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

scopedQueriesSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-scope-'));
  return {
    open: async () => SqliteReadModelStore.open(join(dir, 'rm.sqlite'), { generationPollMs: 0 }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describeWithPostgres('scoped queries on PostgreSQL', () => {
  scopedQueriesSuite('PostgreSQL', async () => {
    const { schema, drop } = await createTestSchema('crm_scope');
    return {
      open: () =>
        PostgresReadModelStore.open({
          connectionString: POSTGRES_TEST_URL,
          schema,
          maxConnections: 2,
          generationPollMs: 0,
        }),
      dispose: drop,
    };
  });
});
