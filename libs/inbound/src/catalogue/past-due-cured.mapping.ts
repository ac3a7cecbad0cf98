import type { PastDueCuredV1Data } from '@crm/contracts';
import { dataOf, type FactMapping } from './fact-mapping';

/** As DELETE /v1/clients/:id/facilities/:facilityId/past-due. */
export const pastDueCuredMapping: FactMapping = {
  type: 'bank.core.PastDueCured.v1',
  route: 'DELETE /v1/clients/:id/facilities/:facilityId/past-due',
  scope: 'crm:credit.report',
  toCommand: (fact) => ({ type: 'ClearPastDue', data: { facilityId: dataOf<PastDueCuredV1Data>(fact).facilityId } }),
};
