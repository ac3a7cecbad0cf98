import { CreditProposalIdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { CREDIT_PROPOSAL_ID_DESCRIPTION } from './credit-proposal-fields';

export class CreditChangeApprovedV1Data {
  @CreditProposalIdField({ description: CREDIT_PROPOSAL_ID_DESCRIPTION })
  proposalId!: string;

  @InstantField({ description: 'When it was approved.' })
  approvedAt!: string;
}

export const creditChangeApprovedV1 = defineContract({
  eventType: 'CreditChangeApproved',
  description:
    "Someone other than its proposer approved a credit change; the change's own event (CreditRatingChanged, CreditLimitSet, …) follows on the same stream.",
  dataClass: CreditChangeApprovedV1Data,
  toData: (data) => ({ proposalId: data.proposalId, approvedAt: data.approvedAt }),
});
