import type { ClientTier, CreditRating, LoanClassification } from '@crm/domain';
import type { ClassificationFloorView, ClientManagerView, ClientView } from '../client-view/client-view';

/** A facility as an officer judging a case needs it: its limit, what is drawn and what is overdue. */
export type RiskCaseFacilityView = Readonly<{
  id: string;
  currency: string | null;
  limit: string | null;
  drawn: string;
  overdueSince: string | null;
  daysPastDue: number;
  amountOverdue: string;
}>;

/**
 * What an officer needs to judge a case, from the client view as read now (arrears aged to the
 * moment of reading). Names and registration numbers are personal data: the answer goes through
 * the same masking as the client view for the caller's role.
 */
export type RiskCaseClientContext = Readonly<{
  legalName: string;
  registrationNo: string;
  branchId: string;
  tier: ClientTier | null;
  rating: CreditRating | null;
  classification: LoanClassification | null;
  classificationFloor: ClassificationFloorView | null;
  facilities: readonly RiskCaseFacilityView[];
  manager: ClientManagerView | null;
}>;

export const riskCaseContextOf = (view: ClientView): RiskCaseClientContext => ({
  legalName: view.legalName,
  registrationNo: view.registrationNo,
  branchId: view.branchId,
  tier: view.tier,
  rating: view.credit.rating,
  classification: view.credit.classification,
  classificationFloor: view.credit.classificationFloor ?? null,
  facilities: view.credit.facilities.map((facility) => ({
    id: facility.id,
    currency: facility.currency,
    limit: facility.limit,
    drawn: facility.drawn,
    overdueSince: facility.overdueSince,
    daysPastDue: facility.daysPastDue,
    amountOverdue: facility.amountOverdue,
  })),
  manager: view.manager,
});
