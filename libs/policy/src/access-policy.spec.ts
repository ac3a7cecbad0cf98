import { ROLES, type Role } from '@crm/domain';
import { ApiError } from '@crm/platform';
import {
  assertBranchInScope,
  assertClientInScope,
  assertManagerInScope,
  assertMayRegisterIn,
  masksPersonalData,
  NOT_FOUND,
  PERMISSIONS,
  roleMay,
  scopeOf,
  type Permission,
} from './access-policy';
import type { Principal } from './principal';

const rm: Principal = { userId: 'u-rm', role: 'relationship_manager', managerId: 'M-1', branchId: 'BR-1' };
const head: Principal = { userId: 'u-bh', role: 'branch_head', branchId: 'BR-1' };
const officer: Principal = { userId: 'u-ro', role: 'risk_officer', managerId: 'M-9' };

const failure = (run: () => unknown): { status: number; code: string } | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, code: error.code };
  }
};

describe('access policy', () => {
  /**
   * The policy as docs/security.md states it: which roles hold each permission. A change to
   * PERMISSIONS must change this table (and the document) too.
   */
  const TABLE: Record<Permission, Role[]> = {
    'client.register': ['relationship_manager', 'branch_head', 'admin'],
    'client.read': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'client.write': ['relationship_manager', 'branch_head', 'admin'],
    'client.assign': ['branch_head', 'admin'],
    'client.credit.write': ['relationship_manager', 'branch_head', 'risk_officer', 'admin'],
    'client.search': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'manager.portfolio': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'branch.dashboard': ['branch_head', 'risk_officer', 'service', 'admin'],
    'alert.list': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'alert.read': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'alert.work': ['branch_head', 'risk_officer', 'admin'],
    'alert.feed': ['relationship_manager', 'branch_head', 'risk_officer', 'admin'],
    'complaint.list': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'satisfaction.read': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'risk-case.list': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'risk-case.read': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'risk-case.assign': ['branch_head', 'risk_officer', 'admin'],
    'risk-case.comment': ['relationship_manager', 'branch_head', 'risk_officer', 'admin'],
    'manager.admin': ['admin'],
    'manager.handover': ['branch_head', 'admin'],
    'manager.absence': ['branch_head', 'admin'],
    'branch.uncovered': ['branch_head', 'risk_officer', 'admin'],
    'client-group.form': ['relationship_manager', 'branch_head', 'admin'],
    'client-group.write': ['relationship_manager', 'branch_head', 'admin'],
    'credit-proposal.read': ['relationship_manager', 'branch_head', 'risk_officer', 'service', 'admin'],
    'department.rate': ['relationship_manager', 'branch_head', 'admin'],
    'service-levels.read': ['branch_head', 'risk_officer', 'admin'],
    'credit-proposal.decide': ['risk_officer', 'admin'],
    'department.list': [
      'relationship_manager',
      'branch_head',
      'risk_officer',
      'service',
      'admin',
      'product_department',
    ],
    'department.queue': ['product_department', 'admin'],
    'department.feedback.read': ['product_department', 'admin'],
    'department.feedback.answer': ['product_department', 'admin'],
    'product.feedback': ['branch_head', 'risk_officer', 'admin', 'product_department'],
  };

  it.each(Object.entries(TABLE))('%s is held by exactly its roles', (permission, roles) => {
    for (const role of ROLES)
      expect([role, roleMay(role, permission as Permission)]).toEqual([role, roles.includes(role)]);
  });

  it('covers every permission in the table, gives admin all and dpo none, and service no write', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    for (const [permission, rule] of Object.entries(PERMISSIONS)) {
      expect(roleMay('admin', permission as Permission)).toBe(true);
      expect(roleMay('dpo', permission as Permission)).toBe(false);
      if (rule.mode === 'write') expect(roleMay('service', permission as Permission)).toBe(false);
    }
  });

  it('scopes relationship managers to their portfolio, branch heads to their branch, the others to every client', () => {
    expect(scopeOf(rm)).toEqual({ kind: 'manager', managerId: 'M-1' });
    expect(scopeOf(head)).toEqual({ kind: 'branch', branchId: 'BR-1' });
    // A risk officer's managerId (used by the four-eyes rule) does not narrow what they see.
    expect(scopeOf(officer)).toEqual({ kind: 'all' });
    for (const role of ['service', 'admin', 'dpo'] as const)
      expect(scopeOf({ userId: 'u', role })).toEqual({ kind: 'all' });
  });

  it('refuses a token without the claim its role is scoped by with 403 AUTH.CLAIM_MISSING', () => {
    expect(failure(() => scopeOf({ userId: 'u', role: 'relationship_manager', branchId: 'BR-1' }))).toEqual({
      status: 403,
      code: 'AUTH.CLAIM_MISSING',
    });
    expect(failure(() => scopeOf({ userId: 'u', role: 'branch_head', managerId: 'M-1' }))).toEqual({
      status: 403,
      code: 'AUTH.CLAIM_MISSING',
    });
  });

  it('masks personal data for risk officers only', () => {
    expect(ROLES.filter((role) => masksPersonalData({ userId: 'u', role }))).toEqual(['risk_officer']);
  });

  it('answers an out-of-scope client exactly as an unknown one', () => {
    const mine = { branchId: 'BR-1', managerId: 'M-1' };
    const colleagues = { branchId: 'BR-1', managerId: 'M-2' };
    const elsewhere = { branchId: 'BR-2', managerId: 'M-1' };
    const unassigned = { branchId: 'BR-1', managerId: null };
    const check = (principal: Principal, location: typeof mine | typeof unassigned | null) =>
      failure(() => assertClientInScope(scopeOf(principal), location, NOT_FOUND.client));
    const notFound = { status: 404, code: 'CLIENT.NOT_FOUND' };

    expect(check(rm, mine)).toBeNull();
    // A relationship manager's scope is who covers the client, whatever its branch.
    expect(check(rm, elsewhere)).toBeNull();
    expect(check(rm, colleagues)).toEqual(notFound);
    expect(check(rm, unassigned)).toEqual(notFound);
    expect(check(rm, null)).toEqual(notFound);
    expect(check(head, colleagues)).toBeNull();
    expect(check(head, unassigned)).toBeNull();
    expect(check(head, elsewhere)).toEqual(notFound);
    expect(check(head, null)).toEqual(notFound);
    expect(check(officer, elsewhere)).toBeNull();
    expect(NOT_FOUND.client()).toEqual(NOT_FOUND.client());
  });

  it('opens portfolios and dashboards within scope only, with a 404 otherwise', () => {
    expect(failure(() => assertManagerInScope(scopeOf(rm), 'M-1', null))).toBeNull();
    expect(failure(() => assertManagerInScope(scopeOf(rm), 'M-2', 'BR-1'))).toEqual({
      status: 404,
      code: 'MANAGER.NOT_FOUND',
    });
    expect(failure(() => assertManagerInScope(scopeOf(head), 'M-2', 'BR-1'))).toBeNull();
    expect(failure(() => assertManagerInScope(scopeOf(head), 'M-3', 'BR-2'))).toEqual({
      status: 404,
      code: 'MANAGER.NOT_FOUND',
    });
    expect(failure(() => assertManagerInScope(scopeOf(head), 'M-4', null))).toEqual({
      status: 404,
      code: 'MANAGER.NOT_FOUND',
    });
    expect(failure(() => assertManagerInScope(scopeOf(officer), 'M-4', null))).toBeNull();

    expect(failure(() => assertBranchInScope(scopeOf(head), 'BR-1'))).toBeNull();
    expect(failure(() => assertBranchInScope(scopeOf(head), 'BR-2'))).toEqual({
      status: 404,
      code: 'BRANCH.NOT_FOUND',
    });
    expect(failure(() => assertBranchInScope(scopeOf(rm), 'BR-1'))).toEqual({ status: 404, code: 'BRANCH.NOT_FOUND' });
    expect(failure(() => assertBranchInScope(scopeOf(officer), 'BR-2'))).toBeNull();
  });

  it('lets relationship managers and branch heads register prospects in their own branch only', () => {
    expect(failure(() => assertMayRegisterIn(rm, scopeOf(rm), 'BR-1'))).toBeNull();
    expect(failure(() => assertMayRegisterIn(rm, scopeOf(rm), 'BR-2'))).toEqual({
      status: 403,
      code: 'AUTH.OUT_OF_SCOPE',
    });
    const rmWithoutBranch: Principal = { userId: 'u', role: 'relationship_manager', managerId: 'M-1' };
    expect(failure(() => assertMayRegisterIn(rmWithoutBranch, scopeOf(rmWithoutBranch), 'BR-1'))).toEqual({
      status: 403,
      code: 'AUTH.CLAIM_MISSING',
    });
    expect(failure(() => assertMayRegisterIn(head, scopeOf(head), 'BR-1'))).toBeNull();
    expect(failure(() => assertMayRegisterIn(head, scopeOf(head), 'BR-2'))).toEqual({
      status: 403,
      code: 'AUTH.OUT_OF_SCOPE',
    });
    const admin: Principal = { userId: 'u', role: 'admin' };
    expect(failure(() => assertMayRegisterIn(admin, scopeOf(admin), 'BR-2'))).toBeNull();
  });
});
