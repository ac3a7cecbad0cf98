import { ALL_CLIENTS } from '@crm/policy';
import { admits, filtersNothing, type AlertFacts, type AlertFeedFilter } from './alert-feed.audience';

const facts = (overrides: Partial<AlertFacts> = {}): AlertFacts => ({
  ruleId: 'EW-DPD',
  severity: 'high',
  location: { branchId: 'BR-A', managerId: 'M-A1' },
  ...overrides,
});

const filter = (overrides: Partial<AlertFeedFilter> = {}): AlertFeedFilter => ({
  scope: ALL_CLIENTS,
  answers: true,
  severities: null,
  ruleId: null,
  branchId: null,
  ...overrides,
});

describe('alert feed audience', () => {
  it('lets everything through for a caller who sees every client and asked for nothing narrower', () => {
    expect(filtersNothing(filter())).toBe(true);
    expect(admits(filter(), facts())).toBe(true);
    expect(filtersNothing(filter({ ruleId: 'EW-DPD' }))).toBe(false);
    expect(filtersNothing(filter({ scope: { kind: 'branch', branchId: 'BR-A' } }))).toBe(false);
  });

  it('keeps a branch head to their branch and a relationship manager to the clients they manage now', () => {
    const branchHead = filter({ scope: { kind: 'branch', branchId: 'BR-A' } });
    expect(admits(branchHead, facts())).toBe(true);
    expect(admits(branchHead, facts({ location: { branchId: 'BR-B', managerId: 'M-B1' } }))).toBe(false);
    const manager = filter({ scope: { kind: 'manager', managerId: 'M-A1' } });
    expect(admits(manager, facts())).toBe(true);
    expect(admits(manager, facts({ location: { branchId: 'BR-A', managerId: 'M-A2' } }))).toBe(false);
    expect(admits(manager, facts({ location: { branchId: 'BR-A', managerId: null } }))).toBe(false);
  });

  it('sends no one an alert whose client cannot be found, not even a risk officer', () => {
    expect(admits(filter(), facts({ location: null }))).toBe(false);
  });

  it('narrows by branch, rule and severity, all of them at once', () => {
    expect(admits(filter({ branchId: 'BR-A' }), facts())).toBe(true);
    expect(admits(filter({ branchId: 'BR-B' }), facts())).toBe(false);
    expect(admits(filter({ ruleId: 'EW-UTIL' }), facts())).toBe(false);
    expect(admits(filter({ severities: new Set(['high', 'critical'] as const) }), facts())).toBe(true);
    expect(admits(filter({ severities: new Set(['critical'] as const) }), facts())).toBe(false);
    expect(admits(filter({ severities: new Set(['critical'] as const) }), facts({ severity: null }))).toBe(false);
    const all = filter({ branchId: 'BR-A', ruleId: 'EW-DPD', severities: new Set(['high'] as const) });
    expect(admits(all, facts())).toBe(true);
    expect(admits(all, facts({ ruleId: 'EW-UTIL' }))).toBe(false);
  });
});
