import { toUnits } from '@crm/domain';
import type { BranchClientRow } from './branch-dashboard';
import { branchDashboardOf } from './branch-dashboard';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const NO_ALERTS = { low: 0, medium: 0, high: 0, critical: 0 };
const client = (row: Partial<BranchClientRow> = {}): BranchClientRow => ({
  status: 'client',
  tier: null,
  annualContribution: null,
  lastContactAt: null,
  openProducts: 0,
  lastNps: null,
  managerLevel: null,
  openAlerts: NO_ALERTS,
  balances: [],
  ...row,
});
const withContributions = (...amounts: string[]): BranchClientRow[] =>
  amounts.map((a) => client({ annualContribution: a }));

describe('branchDashboardOf', () => {
  it('gives zeros and nulls for a branch without clients or prospects', () => {
    expect(branchDashboardOf('br-1', [], NOW)).toEqual({
      branchId: 'br-1',
      clients: 0,
      prospects: 0,
      conversionRate: null,
      clientsByTier: { core: 0, key: 0, standard: 0, basic: 0 },
      paretoTop20Share: null,
      coreCoverage: null,
      coreClientsWithJuniorManager: 0,
      productsPerClient: null,
      nps: null,
      openAlertsBySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
      balances: [],
    });
  });

  it("sums the converted clients' balances per currency, exactly, and leaves out currencies that sum to zero", () => {
    const units = (currency: string, aum: string, loansOutstanding: string, totalLimits: string) => ({
      currency,
      aum: toUnits(aum),
      loansOutstanding: toUnits(loansOutstanding),
      totalLimits: toUnits(totalLimits),
    });
    const rows = [
      client({ balances: [units('CNY', '999999999999999999.9999', '10', '100'), units('USD', '-5', '0', '0')] }),
      client({ balances: [units('CNY', '0.0001', '0.50', '0'), units('USD', '5', '0', '0')] }),
      client({ balances: [units('EUR', '1', '2', '3')] }),
      client({ status: 'prospect', balances: [units('GBP', '7', '7', '7')] }),
    ];
    expect(branchDashboardOf('br-1', rows, NOW).balances).toEqual([
      { currency: 'CNY', aum: '1000000000000000000.00', loansOutstanding: '10.50', totalLimits: '100.00' },
      { currency: 'EUR', aum: '1.00', loansOutstanding: '2.00', totalLimits: '3.00' },
    ]);
  });

  it('counts prospects only in prospects and the conversion rate', () => {
    const rows = [
      client({ status: 'prospect', tier: 'core', annualContribution: '900', openProducts: 3, lastNps: 0 }),
      client({ status: 'prospect' }),
      client({ status: 'prospect' }),
      client({ tier: 'key', annualContribution: '100', openProducts: 1 }),
    ];
    const d = branchDashboardOf('br-1', rows, NOW);
    expect(d).toMatchObject({
      clients: 1,
      prospects: 3,
      conversionRate: 0.25,
      paretoTop20Share: 1,
      productsPerClient: 1,
      nps: null,
    });
    expect(d.clientsByTier).toEqual({ core: 0, key: 1, standard: 0, basic: 0 });
  });

  it('takes one client as the top 20% when fewer than five contribute (ceil)', () => {
    expect(branchDashboardOf('b', withContributions('30', '10', '60'), NOW).paretoTop20Share).toBe(0.6);
    expect(branchDashboardOf('b', withContributions('5'), NOW).paretoTop20Share).toBe(1);
  });

  it('takes exactly three of fifteen (15 × 0.2 is not 3 in floating point)', () => {
    const amounts = Array.from({ length: 15 }, (_, i) => String(i + 1)); // 1…15, total 120
    // Top three: 15 + 14 + 13 = 42.
    expect(branchDashboardOf('b', withContributions(...amounts), NOW).paretoTop20Share).toBeCloseTo(42 / 120, 12);
  });

  it('sums tied contributions the same whichever of them is taken', () => {
    // n = 6 → top 2 of [50, 50, 50, 10, 10, 30]: 100 of 200.
    expect(branchDashboardOf('b', withContributions('50', '10', '50', '30', '50', '10'), NOW).paretoTop20Share).toBe(
      0.5,
    );
  });

  it('sums decimals exactly and skips clients without a contribution', () => {
    const rows = [...withContributions('0.1', '0.2', '0.3', '0.0001', '0.0002'), client(), client()];
    // n = 5 → top 1: 0.3 of 0.6003.
    expect(branchDashboardOf('b', rows, NOW).paretoTop20Share).toBeCloseTo(3000 / 6003, 14);
    expect(branchDashboardOf('b', withContributions('0', '0.0000'), NOW).paretoTop20Share).toBeNull();
    expect(
      branchDashboardOf('b', withContributions('99999999999999.9999', '99999999999999.9999', '1'), NOW)
        .paretoTop20Share,
    ).toBeCloseTo(0.5, 12);
  });

  it('covers a core client contacted 35 days ago to the millisecond, not one a millisecond earlier', () => {
    const at = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
    const day = 86_400_000;
    const rows = [
      client({ tier: 'core', lastContactAt: at(35 * day) }),
      client({ tier: 'core', lastContactAt: at(35 * day + 1) }),
      client({ tier: 'core', lastContactAt: null, managerLevel: 'associate' }),
      client({ tier: 'core', lastContactAt: at(0), managerLevel: 'senior' }),
      client({ tier: 'key', lastContactAt: at(0), managerLevel: 'associate' }),
    ];
    const d = branchDashboardOf('b', rows, NOW);
    expect(d.coreCoverage).toBe(0.5);
    expect(d.coreClientsWithJuniorManager).toBe(1);
  });

  it('scores NPS from promoters (9–10) and detractors (0–6); passives (7–8) only count as answers', () => {
    const rows = [9, 10, 7, 8, 6, 0, 10, 9].map((lastNps) => client({ lastNps }));
    // 4 promoters, 2 detractors of 8 answers: (4 − 2) / 8 = 25.
    expect(branchDashboardOf('b', [...rows, client()], NOW).nps).toBe(25);
    expect(branchDashboardOf('b', [client({ lastNps: 3 })], NOW).nps).toBe(-100);
  });

  it('adds open alerts by severity over clients and prospects', () => {
    const rows = [
      client({ openAlerts: { low: 1, medium: 0, high: 2, critical: 0 } }),
      client({ status: 'prospect', openAlerts: { low: 0, medium: 1, high: 0, critical: 1 } }),
    ];
    expect(branchDashboardOf('b', rows, NOW).openAlertsBySeverity).toEqual({ low: 1, medium: 1, high: 2, critical: 1 });
  });
});
