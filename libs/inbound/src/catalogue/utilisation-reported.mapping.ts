import type { UtilisationReportedV1Data } from '@crm/contracts';
import { dataOf, type FactMapping } from './fact-mapping';

/** As POST /v1/clients/:id/facilities/:facilityId/utilisation. */
export const utilisationReportedMapping: FactMapping = {
  type: 'bank.core.UtilisationReported.v1',
  route: 'POST /v1/clients/:id/facilities/:facilityId/utilisation',
  scope: 'crm:credit.report',
  toCommand: (input) => {
    const fact = dataOf<UtilisationReportedV1Data>(input);
    return { type: 'ReportUtilisation', data: { facilityId: fact.facilityId, drawn: fact.drawn } };
  },
};
