import { uncoveredClientsOf, type UncoveredClient } from './uncovered-clients';

const row = (id: string, legalName: string, tier: UncoveredClient['tier']): UncoveredClient => ({
  id,
  legalName,
  status: tier === null ? 'prospect' : 'client',
  tier,
  managerId: tier === null ? null : 'M-GONE',
  reason: tier === null ? 'no_manager' : 'manager_departed',
});

describe('uncovered clients', () => {
  it('lists core clients first, then by name and id, and counts the core ones', () => {
    const list = uncoveredClientsOf('BR-A', [
      row('c-3', 'Beta', 'standard'),
      row('c-1', 'Zeta', 'core'),
      row('c-4', 'Alpha', null),
      row('c-2', 'Alpha', 'core'),
      row('c-5', 'Beta', 'standard'),
    ]);
    expect(list.items.map((client) => client.id)).toEqual(['c-2', 'c-1', 'c-3', 'c-5', 'c-4']);
    expect(list.totals).toEqual({ clients: 5, core: 2 });
  });

  it('is empty for a covered branch', () => {
    expect(uncoveredClientsOf('BR-B', [])).toEqual({ branchId: 'BR-B', items: [], totals: { clients: 0, core: 0 } });
  });
});
