import type { CreditLimitChangedV1Data } from '@crm/contracts';
import { dataOf, type FactMapping } from './fact-mapping';

/** As PUT /v1/clients/:id/facilities/:facilityId: opens the facility or changes its limit. */
export const creditLimitChangedMapping: FactMapping = {
  type: 'bank.core.CreditLimitChanged.v1',
  route: 'PUT /v1/clients/:id/facilities/:facilityId',
  scope: 'crm:credit.report',
  toCommand: (input) => {
    const fact = dataOf<CreditLimitChangedV1Data>(input);
    return {
      type: 'SetCreditLimit',
      data: {
        facilityId: fact.facilityId,
        limit: fact.limit,
        currency: fact.currency,
        ...(fact.type === undefined ? {} : { type: fact.type }),
        ...(fact.maturityDate === undefined ? {} : { maturityDate: fact.maturityDate }),
        ...(fact.nextReviewDate === undefined ? {} : { nextReviewDate: fact.nextReviewDate }),
      },
    };
  },
};
