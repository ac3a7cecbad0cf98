import { SERVICE_SCOPES, SERVICE_WRITE_ROUTES, scopeMissing, serviceMayWrite } from './service-scopes';

describe('service scopes', () => {
  const coreBanking = { userId: 'core-banking', role: 'service', scopes: ['crm:credit.report'] } as const;

  it('lets a service write a route its scope opens, and no other', () => {
    expect(serviceMayWrite(coreBanking, 'POST /v1/clients/:id/facilities/:facilityId/past-due')).toBe(true);
    expect(serviceMayWrite(coreBanking, 'POST /v1/clients/:id/products')).toBe(false);
    expect(serviceMayWrite(coreBanking, 'PUT /v1/clients/:id/credit-rating')).toBe(false);
    expect(serviceMayWrite({ userId: 'survey', role: 'service' }, 'POST /v1/clients/:id/satisfaction')).toBe(false);
  });

  it('names only known scopes in its route table, and each scope opens some route', () => {
    const used = new Set(Object.values(SERVICE_WRITE_ROUTES).flat());
    expect([...used].every((scope) => scope in SERVICE_SCOPES)).toBe(true);
    expect(new Set(Object.keys(SERVICE_SCOPES))).toEqual(used);
    expect(Object.keys(SERVICE_WRITE_ROUTES).every((route) => /^(POST|PUT|PATCH|DELETE) \/v1\//.test(route))).toBe(
      true,
    );
  });

  it('says which scopes would do, in a field error', () => {
    expect(scopeMissing('POST /v1/clients/:id/satisfaction').errors).toEqual([
      { field: 'scope', message: 'needs one of: crm:satisfaction.record' },
    ]);
    expect(scopeMissing('PUT /v1/clients/:id/tier').errors).toEqual([
      { field: 'scope', message: 'no service scope allows this route' },
    ]);
  });
});
