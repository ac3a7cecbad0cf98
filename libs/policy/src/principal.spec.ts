import { principalFromClaims } from './principal';

describe('principalFromClaims', () => {
  it('reads the scope claim as a set of scope names', () => {
    expect(
      principalFromClaims({
        sub: 'core-banking',
        role: 'service',
        scope: 'crm:credit.report  crm:credit.report crm:x',
      }),
    ).toEqual({ userId: 'core-banking', role: 'service', scopes: ['crm:credit.report', 'crm:x'] });
    expect(principalFromClaims({ sub: 'core-banking', role: 'service' })).toEqual({
      userId: 'core-banking',
      role: 'service',
    });
    expect(principalFromClaims({ sub: 'core-banking', role: 'service', scope: '' })).toEqual({
      userId: 'core-banking',
      role: 'service',
    });
  });

  it.each([
    ['not a string', ['crm:credit.report']],
    ['a forbidden character', 'crm:credit.report crm:<script>'],
    ['a scope over 64 characters', `crm:${'x'.repeat(61)}`],
    ['more than 32 scopes', Array.from({ length: 33 }, (_, i) => `s${i}`).join(' ')],
    ['a NUL', 'crm:credit.report\u0000'],
  ])('refuses a token whose scope claim has %s', (_case, scope) => {
    expect(principalFromClaims({ sub: 'core-banking', role: 'service', scope })).toBeNull();
  });
});
