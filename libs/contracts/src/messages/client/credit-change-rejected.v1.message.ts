import { CreditProposalIdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { CREDIT_PROPOSAL_ID_DESCRIPTION } from './credit-proposal-fields';

export class CreditChangeRejectedV1Data {
  @CreditProposalIdField({ description: CREDIT_PROPOSAL_ID_DESCRIPTION })
  proposalId!: string;

  @InstantField({ description: 'When it was rejected.' })
  rejectedAt!: string;
}

export const creditChangeRejectedV1 = defineContract({
  eventType: 'CreditChangeRejected',
  description:
    'A proposed credit change was rejected: the client stays as it was. The reason is free text and not published.',
  dataClass: CreditChangeRejectedV1Data,
  toData: (data) => ({ proposalId: data.proposalId, rejectedAt: data.rejectedAt }),
});
