import type { PastDueReportedV1Data } from '@crm/contracts';
import { dataOf, type FactMapping } from './fact-mapping';

/** As POST /v1/clients/:id/facilities/:facilityId/past-due with overdueSince. */
export const pastDueReportedMapping: FactMapping = {
  type: 'bank.core.PastDueReported.v1',
  route: 'POST /v1/clients/:id/facilities/:facilityId/past-due',
  scope: 'crm:credit.report',
  toCommand: (input) => {
    const fact = dataOf<PastDueReportedV1Data>(input);
    return {
      type: 'ReportPastDue',
      data: { facilityId: fact.facilityId, overdueSince: fact.overdueSince, amountOverdue: fact.amountOverdue },
    };
  },
};
