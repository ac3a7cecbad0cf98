import { homeOf, principalOf } from './session';

const jwt = (claims: object): string =>
  `eyJhbGciOiJIUzI1NiJ9.${btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(claims))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}.signature`;

describe('principalOf (who the console shows as signed in)', () => {
  it('reads subject, role, branch and manager off the token, non-ASCII included', () => {
    expect(principalOf(jwt({ sub: '王芳', role: 'relationship_manager', managerId: 'M-1', branchId: 'BR-1' }))).toEqual(
      {
        userId: '王芳',
        role: 'relationship_manager',
        branchId: 'BR-1',
        managerId: 'M-1',
      },
    );
  });

  it.each([
    ['not a JWT', 'abc'],
    ['no role', jwt({ sub: 'u' })],
    ['no subject', jwt({ role: 'dpo' })],
    ['a payload that is not JSON', 'a.b.c'],
  ])('refuses %s', (_name, token) => {
    expect(principalOf(token)).toBeNull();
  });

  it('starts each role on the page of its daily work', () => {
    const as = (role: string) => homeOf({ userId: 'u', role, branchId: null, managerId: null });
    expect(['relationship_manager', 'risk_officer', 'branch_head', 'dpo', 'admin'].map(as)).toEqual([
      '/portfolio',
      '/alerts',
      '/branch',
      '/dpo',
      '/clients',
    ]);
  });
});
