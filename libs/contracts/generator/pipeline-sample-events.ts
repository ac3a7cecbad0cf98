import { sample } from './sample';

/** A wealth-management sale to the sample client, opened after the March review, moved on and won. */
export const wonOpportunitySamples = (managerId: string) => [
  sample('2025-04-02T03:00:00.000Z', 'OpportunityOpened', {
    opportunityId: '0190a4c3-9c0d-7e1f-8a2b-3c4d5e6f7a81',
    managerId,
    productCategory: 'wealth',
    productCode: 'WM-FIXED-90D',
    expectedAmount: '5000000.00',
    currency: 'CNY',
    stage: 'qualified',
    openedAt: '2025-04-02T03:00:00.000Z',
  }),
  sample('2025-04-09T06:00:00.000Z', 'OpportunityStageChanged', {
    opportunityId: '0190a4c3-9c0d-7e1f-8a2b-3c4d5e6f7a81',
    from: 'qualified',
    to: 'proposal',
  }),
  sample('2025-04-23T07:00:00.000Z', 'OpportunityWon', {
    opportunityId: '0190a4c3-9c0d-7e1f-8a2b-3c4d5e6f7a81',
    wonAt: '2025-04-23T07:00:00.000Z',
  }),
];

/** The loss of an FX hedging sale, whose opening is left out: one sample per type. */
export const lostOpportunitySamples = () => [
  sample('2025-06-03T08:00:00.000Z', 'OpportunityLost', {
    opportunityId: '0190a4c3-ad1e-7f2a-9b3c-4d5e6f7a8b92',
    lostAt: '2025-06-03T08:00:00.000Z',
    reason: 'Client hedged with its main bank',
  }),
];
