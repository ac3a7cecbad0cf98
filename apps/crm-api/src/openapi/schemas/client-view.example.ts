import { TOUR } from '../tour-examples';

/**
 * The client of the README's five-minute tour as its branch head reads it after the tour's writes
 * (the ids and times are illustrative).
 */
const { branchId, segment, industry, legalName, registrationNo, contact } = TOUR.registerProspect;

const MONTH_ENDS = [
  '2025-12-31',
  '2026-01-31',
  '2026-02-28',
  '2026-03-31',
  '2026-04-30',
  '2026-05-31',
  '2026-06-30',
  '2026-07-31',
  '2026-08-31',
  '2026-09-30',
  '2026-10-31',
  '2026-11-30',
] as const;

export const CLIENT_VIEW_EXAMPLE = {
  id: '01a23784-f942-7180-a8df-426454a6d4fd',
  status: 'client',
  branchId,
  segment,
  industry,
  legalName,
  registrationNo,
  contact,
  manager: { id: TOUR.registerManager.managerId, name: TOUR.registerManager.name, level: TOUR.registerManager.level },
  tier: TOUR.changeTier.tier,
  annualContribution: TOUR.changeTier.annualContribution,
  credit: {
    rating: 'BB',
    classification: null,
    facilities: [
      {
        id: 'F-1',
        limit: '5000000.00',
        drawn: '4600000.00',
        currency: 'CNY',
        type: 'revolving',
        maturityDate: null,
        nextReviewDate: '2027-06-30',
        overdueSince: '2026-11-08',
        daysPastDue: 25,
        amountOverdue: '150000.00',
      },
    ],
    classificationFloor: { floor: 'special_mention', facilityId: 'F-1', daysPastDue: 25, met: false },
  },
  riskFlags: [
    {
      id: '01a23785-0b1c-7d20-9e4f-5a6b7c8d9e0f',
      type: 'litigation',
      severity: 'high',
      raisedAt: '2026-12-03T06:10:04.120Z',
    },
  ],
  openAlerts: [
    {
      id: 'EW-UTIL-01a23784-1',
      ruleId: 'EW-UTIL',
      severity: 'medium',
      status: 'open',
      dueBy: '2026-12-06T06:10:03.900Z',
    },
  ],
  products: [
    {
      holdingId: '01a23785-1c2d-7e30-8f40-6b7c8d9e0f1a',
      productCode: 'DEP-CORP-01',
      category: 'deposit',
      amount: '1000000.00',
      openedAt: '2026-12-03T06:10:04.300Z',
      balance: { amount: TOUR.reportHoldingBalance.balance, currency: 'CNY', asOf: TOUR.reportHoldingBalance.asOf },
    },
  ],
  balances: [
    {
      currency: 'CNY',
      aum: TOUR.reportHoldingBalance.balance,
      loansOutstanding: '4600000.00',
      totalLimits: '5000000.00',
      // The tour's facts are all of today: the month-ends before it had none.
      trend: MONTH_ENDS.map((monthEnd) => ({ monthEnd, aum: '0.00', loansOutstanding: '0.00', totalLimits: '0.00' })),
    },
  ],
  contacts: {
    total: 1,
    last: { occurredAt: '2026-11-20T09:00:00.000Z', channel: 'visit', purpose: 'relationship' },
    followUpsDue: 0,
    nextFollowUpDue: '2026-12-05T09:00:00.000Z',
    openFollowUps: [{ contactId: '01a23784-ff10-7a2b-b3c4-d5e6f7a8b9c0', due: '2026-12-05T09:00:00.000Z' }],
  },
  satisfaction: { lastNps: 9, lastCsat: null },
  complaints: { open: 0, openIds: [] },
  financials: null,
  convertedAt: '2026-12-03T06:10:02.500Z',
  revision: 13,
  position: '27',
  updatedAt: '2026-12-03T06:10:04.410Z',
} as const;
