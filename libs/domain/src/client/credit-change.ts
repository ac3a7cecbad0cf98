import type { CreditRating, LoanClassification } from '../common/scales';

/**
 * The credit changes a maker–checker policy may hold for a second person's approval, by the command
 * each becomes, with the data that command carries. Apart from client.commands.ts so the events
 * (a proposal holds a change) and the commands both build on it.
 */
export type CreditChangeData = {
  ChangeCreditRating: { rating: CreditRating; reason: string };
  ChangeLoanClassification: { classification: LoanClassification; reason: string };
  /**
   * Opens a facility or changes its limit; `type`, `maturityDate` and `nextReviewDate` (bank dates)
   * record its terms when given. The type is fixed once recorded.
   */
  SetCreditLimit: {
    facilityId: string;
    limit: string;
    currency: string;
    type?: string;
    maturityDate?: string | null;
    nextReviewDate?: string | null;
  };
  ClearPastDue: { facilityId: string };
  ClearRiskFlag: { flagId: string; reason: string };
};

export type CreditChangeType = keyof CreditChangeData;

export const CREDIT_CHANGE_TYPES: readonly CreditChangeType[] = [
  'ChangeCreditRating',
  'ChangeLoanClassification',
  'SetCreditLimit',
  'ClearPastDue',
  'ClearRiskFlag',
];

/** A credit change as a proposal holds it: the command it becomes once approved, without its metadata. */
export type CreditChange = {
  [T in CreditChangeType]: Readonly<{ type: T; data: Readonly<CreditChangeData[T]> }>;
}[CreditChangeType];
