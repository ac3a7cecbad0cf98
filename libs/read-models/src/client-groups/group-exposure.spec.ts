import type { ClientView, FacilityView } from '../client-view/client-view';
import { groupExposureOf } from './group-exposure';

const facility = (currency: string | null, limit: string | null, drawn: string, amountOverdue = '0'): FacilityView => ({
  id: `F-${Math.random()}`,
  limit,
  drawn,
  currency,
  overdueSince: null,
  daysPastDue: 0,
  amountOverdue,
});

const member = (
  facilities: FacilityView[],
  classification: ClientView['credit']['classification'] = null,
  alerts = 0,
): Pick<ClientView, 'credit' | 'openAlerts'> => ({
  credit: { rating: null, classification, facilities },
  openAlerts: Array.from({ length: alerts }, (_, n) => ({
    id: `A-${n}`,
    ruleId: 'EW-UTIL',
    severity: 'medium',
    status: 'open',
    dueBy: '2026-03-01T00:00:00.000Z',
  })),
});

describe('group exposure', () => {
  it("sums the members' limits, drawn and overdue amounts exactly, with the worst classification and the alerts", () => {
    const exposure = groupExposureOf([
      member([facility('CNY', '1000000.10', '250000.05', '1000.00')], 'normal', 1),
      member([facility('CNY', '0.20', '0.25'), facility('CNY', null, '10')], 'substandard'),
      member([], 'special_mention', 2),
    ]);
    expect(exposure).toEqual({
      currency: 'CNY',
      totalLimit: '1000000.30',
      drawn: '250010.30',
      overdue: '1000.00',
      byCurrency: [{ currency: 'CNY', totalLimit: '1000000.30', drawn: '250010.30', overdue: '1000.00' }],
      worstClassification: 'substandard',
      openAlerts: 3,
    });
  });

  it('keeps currencies apart, and says so with null top-level amounts', () => {
    const exposure = groupExposureOf([member([facility('USD', '10', '1')]), member([facility('CNY', '20', '2')])]);
    expect(exposure.byCurrency.map((sum) => sum.currency)).toEqual(['CNY', 'USD']);
    expect([exposure.currency, exposure.totalLimit, exposure.drawn]).toEqual([null, null, null]);
  });

  it('is zero with no currency for a group without facilities', () => {
    expect(groupExposureOf([member([])])).toMatchObject({
      currency: null,
      totalLimit: '0.00',
      drawn: '0.00',
      overdue: '0.00',
      worstClassification: null,
      openAlerts: 0,
    });
  });
});
