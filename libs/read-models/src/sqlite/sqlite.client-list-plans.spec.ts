import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { agendaSql } from '../sql/sql.agenda.repository';
import { clientSearchSql } from '../sql/sql.client-list.repository';
import { complaintListSql, complaintMonthSql } from '../sql/sql.complaint.repository';
import { feedbackQueueSql } from '../sql/sql.feedback.repository';
import { pipelineSql } from '../sql/sql.opportunity.repository';
import { SQLITE_DIALECT } from './sqlite.dialect';
import { SqliteReadModelStore } from './sqlite.read-model-store';

/** The plans SQLite picks for the list queries (search, agenda, pipeline, complaints) on the migrated schema: every one starts from an index. */
describe('SQLite client list query plans', () => {
  let dir: string;
  let db: Database.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-plans-'));
    const file = join(dir, 'rm.sqlite');
    await SqliteReadModelStore.open(file).close();
    db = new Database(file);
  });

  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (sql: string, params: unknown[]): string =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(params)
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
  const none = { managerId: false, branchId: false, tier: false, riskLevel: false, creditApproval: false, q: false };

  it('pages each filter off its (filter, client_id) index, without a sort', () => {
    for (const [filter, index] of [
      ['managerId', 'client_view_by_manager_id'],
      ['branchId', 'client_view_by_branch_id'],
      ['tier', 'client_view_by_tier'],
      ['riskLevel', 'client_view_by_risk_level'],
      ['creditApproval', 'client_view_by_credit_approval'],
    ] as const) {
      const detail = plan(clientSearchSql(SQLITE_DIALECT, { ...none, [filter]: true }), ['', 'x', 51]);
      expect(detail).toContain(`USING INDEX ${index} (`);
      expect(detail).not.toContain('TEMP B-TREE');
    }
    expect(plan(clientSearchSql(SQLITE_DIALECT, none), ['', 51])).toMatch(
      /USING COVERING INDEX client_view_by_client_id_for_search \(client_id>\?\)/,
    );
  });

  it("walks q's terms in client_id order through the search index's key, each client's columns from the index of them, without a sort", () => {
    const both = plan(clientSearchSql(SQLITE_DIALECT, { ...none, q: true }), [1, 'term-n', '', 1, 'term-r', '', 51]);
    const nameOnly = plan(clientSearchSql(SQLITE_DIALECT, { ...none, q: true, qNameOnly: true }), [
      1,
      'term-n',
      '',
      51,
    ]);
    for (const detail of [both, nameOnly]) {
      expect(detail).toMatch(/SEARCH \w+ USING PRIMARY KEY \(key_version=\? AND term=\? AND client_id>\?\)/);
      expect(detail).toMatch(/USING COVERING INDEX client_view_by_client_id_for_search \(client_id=\?\)/);
      expect(detail).not.toContain('TEMP B-TREE');
    }
    expect(both).toContain('MERGE (UNION)');
  });

  it("reads an agenda from the manager's prefixes, whatever the scope", () => {
    for (const scope of [undefined, 'branch', 'manager'] as const) {
      const sql = agendaSql('agenda_items', 'client_view', scope);
      const scoped = scope === undefined ? [] : ['x'];
      expect(plan(sql.inWindow, ['M-1', 'a', 'b', 'c', ...scoped, 501])).toContain(
        'USING INDEX agenda_items_by_manager_due (manager_id=? AND due>? AND due<?)',
      );
      expect(plan(sql.before, ['M-1', 'a', 'c', ...scoped, 501])).toContain(
        'USING INDEX agenda_items_by_manager_due (manager_id=? AND due<?)',
      );
      expect(plan(sql.uncontacted, ['M-1', 'a', ...scoped, 501])).toContain(
        'USING INDEX client_view_by_manager_id (manager_id=?)',
      );
    }
  });

  it("reads a pipeline from the owner's (owner, status, closed_at) prefix", () => {
    for (const [owner, index] of [
      ['manager', 'opportunities_by_manager'],
      ['branch', 'opportunities_by_branch'],
    ] as const) {
      const sql = pipelineSql('opportunities', owner, undefined);
      expect(plan(sql.open, ['x'])).toMatch(new RegExp(`USING INDEX ${index} \\(\\w+_id=\\? AND status=\\?\\)`));
      expect(plan(sql.closed, ['x', 'a'])).toMatch(new RegExp(`USING (COVERING )?INDEX ${index} \\(`));
    }
  });

  it('pages complaints newest received first off the (scope or filter, received_at) prefixes, and a month off the branch’s', () => {
    const list = { after: true, branchId: false, statuses: false, overdue: 'any' } as const;
    for (const [filters, params, index] of [
      [list, ['a', 'b', 51], 'complaints_by_received'],
      [{ ...list, scope: 'manager' }, ['a', 'b', 'M-1', 51], 'complaints_by_manager'],
      [{ ...list, scope: 'branch' }, ['a', 'b', 'BR-1', 51], 'complaints_by_branch'],
      [{ ...list, branchId: true, overdue: 'yes' }, ['a', 'b', 'BR-1', 'n', 'n', 51], 'complaints_by_branch'],
    ] as const) {
      const detail = plan(complaintListSql(SQLITE_DIALECT, filters, 'complaints'), [...params]);
      expect(detail).toContain(`USING INDEX ${index}`);
      expect(detail).not.toContain('TEMP B-TREE');
    }
    const month = complaintMonthSql('complaints', undefined);
    expect(plan(month.received, ['BR-1', 'a', 'b'])).toContain(
      'USING INDEX complaints_by_branch (branch_id=? AND received_at>? AND received_at<?)',
    );
    expect(plan(month.acknowledged, ['BR-1', 'a', 'b'])).toContain('USING INDEX complaints_by_branch_acknowledged');
    expect(plan(month.resolved, ['BR-1', 'a', 'b'])).toContain('USING INDEX complaints_by_branch_resolved');
  });

  it("pages a department's feedback queue oldest forwarded first off its (department, forwarded_at) index", () => {
    for (const [filters, params] of [
      [{ after: false, statuses: false }, ['cards', 51]],
      [{ after: true, statuses: true }, ['cards', 'a', 'b', '["received"]', 51]],
    ] as const) {
      const detail = plan(feedbackQueueSql(SQLITE_DIALECT, filters, 'feedback'), [...params]);
      expect(detail).toContain('USING INDEX feedback_by_department (department=?');
      expect(detail).not.toContain('TEMP B-TREE');
    }
  });
});
