import type { PortfolioRow } from './portfolio';
import { portfolioOf } from './portfolio';

const NO_ALERTS = { low: 0, medium: 0, high: 0, critical: 0 };
const row = (clientId: string, legalName: string, more: Partial<PortfolioRow> = {}): PortfolioRow => ({
  clientId,
  legalName,
  status: 'client',
  tier: null,
  lastContactAt: null,
  followUpDues: [],
  openAlerts: NO_ALERTS,
  riskLevel: 'none',
  ...more,
});

describe('portfolioOf', () => {
  it('counts follow-ups due at or before now, sorts by name then id, and totals', () => {
    const now = new Date('2026-03-01T10:00:00.000Z');
    const p = portfolioOf(
      'm-1',
      [
        row('c-3', 'Beta', {
          tier: 'core',
          riskLevel: 'critical',
          followUpDues: ['2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.001Z'],
        }),
        row('c-2', 'Alpha', {
          status: 'prospect',
          openAlerts: { low: 1, medium: 0, high: 1, critical: 0 },
          riskLevel: 'high',
        }),
        row('c-1', 'Beta', { tier: 'key', riskLevel: 'medium', followUpDues: ['2026-02-01T00:00:00Z'] }),
      ],
      now,
    );
    expect(p.clients.map((c) => [c.id, c.followUpsDue, c.openAlerts])).toEqual([
      ['c-2', 0, 2],
      ['c-1', 1, 0],
      ['c-3', 1, 0],
    ]);
    expect(p.totals).toEqual({
      clients: 3,
      byTier: { core: 1, key: 1, standard: 0, basic: 0, none: 1 },
      followUpsDue: 2,
      openAlerts: 2,
      atRisk: 2,
    });
  });

  it('is empty for a manager without clients', () => {
    expect(portfolioOf('m-x', [], new Date())).toEqual({
      managerId: 'm-x',
      clients: [],
      totals: {
        clients: 0,
        byTier: { core: 0, key: 0, standard: 0, basic: 0, none: 0 },
        followUpsDue: 0,
        openAlerts: 0,
        atRisk: 0,
      },
    });
  });
});
