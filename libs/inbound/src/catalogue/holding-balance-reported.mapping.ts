import type { HoldingBalanceReportedFactV1Data } from '@crm/contracts';
import { dataOf, type FactMapping } from './fact-mapping';

/** As PUT /v1/clients/:id/products/:holdingId/balance: the fact and the command are field for field. */
export const holdingBalanceReportedMapping: FactMapping = {
  type: 'bank.core.HoldingBalanceReported.v1',
  route: 'PUT /v1/clients/:id/products/:holdingId/balance',
  scope: 'crm:holdings.report',
  toCommand: (input) => {
    const fact = dataOf<HoldingBalanceReportedFactV1Data>(input);
    return {
      type: 'ReportHoldingBalance',
      data: { holdingId: fact.holdingId, balance: fact.balance, currency: fact.currency, asOf: fact.asOf },
    };
  },
};
