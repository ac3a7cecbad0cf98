import {
  CREDIT_CHANGE_TYPES,
  CREDIT_RATINGS,
  LOAN_CLASSIFICATIONS,
  type CreditChange,
  type CreditChangeType,
  type CreditRating,
  type LoanClassification,
} from '@crm/domain';
import {
  AmountField,
  CodeField,
  CreditProposalIdField,
  CurrencyField,
  EnumField,
  InstantField,
} from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { CREDIT_PROPOSAL_ID_DESCRIPTION } from './credit-proposal-fields';

export class CreditChangeProposedV1Data {
  @CreditProposalIdField({ description: CREDIT_PROPOSAL_ID_DESCRIPTION })
  proposalId!: string;

  @EnumField(CREDIT_CHANGE_TYPES, {
    description: 'The change held for approval, named by the command it becomes once approved.',
  })
  changeType!: CreditChangeType;

  @EnumField(CREDIT_RATINGS, { optional: true, description: 'The proposed rating (ChangeCreditRating).' })
  rating?: CreditRating;

  @EnumField(LOAN_CLASSIFICATIONS, {
    optional: true,
    description: 'The proposed classification (ChangeLoanClassification).',
  })
  classification?: LoanClassification;

  @CodeField({ optional: true, description: 'The facility (SetCreditLimit, ClearPastDue).' })
  facilityId?: string;

  @AmountField({ optional: true, description: 'The proposed limit (SetCreditLimit).' })
  limit?: string;

  @CurrencyField({ optional: true, description: 'The currency of the proposed limit (SetCreditLimit).' })
  currency?: string;

  @CodeField({ optional: true, description: 'The flag to clear (ClearRiskFlag).' })
  flagId?: string;

  @InstantField({ description: 'When it was proposed.' })
  proposedAt!: string;
}

/** What of the change is published: its values, never its free-text reason. */
const valuesOf = (change: CreditChange) => {
  switch (change.type) {
    case 'ChangeCreditRating':
      return { rating: change.data.rating };
    case 'ChangeLoanClassification':
      return { classification: change.data.classification };
    case 'SetCreditLimit':
      return { facilityId: change.data.facilityId, limit: change.data.limit, currency: change.data.currency };
    case 'ClearPastDue':
      return { facilityId: change.data.facilityId };
    case 'ClearRiskFlag':
      return { flagId: change.data.flagId };
  }
};

export const creditChangeProposedV1 = defineContract({
  eventType: 'CreditChangeProposed',
  description:
    "A credit change waits for a second person's approval (maker–checker); nothing of the client changed yet. The reason is free text and not published.",
  dataClass: CreditChangeProposedV1Data,
  toData: (data) => ({
    proposalId: data.proposalId,
    changeType: data.change.type,
    ...valuesOf(data.change),
    proposedAt: data.proposedAt,
  }),
});
