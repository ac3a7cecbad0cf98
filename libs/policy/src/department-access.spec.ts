import { ApiError } from '@crm/platform';
import { assertDepartmentInScope, scopeOf } from './access-policy';
import { principalFromClaims, type Principal } from './principal';

/** The product_department role (docs/security.md): one department's queue, and no client at all. */
const cards: Principal = { userId: 'u-cards', role: 'product_department', departmentId: 'cards' };
const admin: Principal = { userId: 'u-admin', role: 'admin' };

const failure = (run: () => unknown): { status: number; code: string } | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, code: error.code };
  }
};

describe('product_department', () => {
  it('is a principal only with a well-formed departmentId claim, which other roles do not carry', () => {
    expect(principalFromClaims({ sub: 'u-cards', role: 'product_department', departmentId: 'cards' })).toEqual(cards);
    for (const departmentId of [undefined, '', 'Cards', 'cards ', 42, 'a'.repeat(65)]) {
      expect(principalFromClaims({ sub: 'u-cards', role: 'product_department', departmentId })).toBeNull();
    }
    expect(principalFromClaims({ sub: 'u-admin', role: 'admin', departmentId: 'cards' })).toEqual(admin);
  });

  it("opens its own department's routes only, the others as the 404 an unknown department gets", () => {
    expect(failure(() => assertDepartmentInScope(cards, 'cards'))).toBeNull();
    expect(failure(() => assertDepartmentInScope(cards, 'wealth-management'))).toEqual({
      status: 404,
      code: 'DEPARTMENT.NOT_FOUND',
    });
    expect(failure(() => assertDepartmentInScope(admin, 'wealth-management'))).toBeNull();
  });

  it('sees no client: it has no client scope', () => {
    expect(failure(() => scopeOf(cards))).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
  });
});
