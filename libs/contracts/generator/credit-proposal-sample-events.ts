import { sample } from './sample';

/**
 * The sample client's manager proposes the 2025 downgrade, a risk officer approves it (the
 * CreditRatingChanged sample follows in the same append).
 */
export const approvedDowngradeSamples = (clientId: string, riskOfficer: string) => [
  sample('2025-04-17T09:30:00.000Z', 'CreditChangeProposed', {
    proposalId: `${clientId}.1`,
    change: { type: 'ChangeCreditRating', data: { rating: 'BB', reason: 'net loss in 2024' } },
    proposedBy: 'u-rm-li-wei',
    proposedAt: '2025-04-17T09:30:00.000Z',
  }),
  sample('2025-04-18T06:00:00.000Z', 'CreditChangeApproved', {
    proposalId: `${clientId}.1`,
    approvedBy: riskOfficer,
    approvedAt: '2025-04-18T06:00:00.000Z',
  }),
];

/** The rejection of a second proposal (clearing the litigation flag), whose own sample is left out: one sample per type. */
export const rejectedFlagClearanceSamples = (clientId: string, riskOfficer: string) => [
  sample('2025-06-03T01:00:00.000Z', 'CreditChangeRejected', {
    proposalId: `${clientId}.2`,
    rejectedBy: riskOfficer,
    rejectedAt: '2025-06-03T01:00:00.000Z',
    reason: 'the court has not confirmed the withdrawal',
  }),
];
