import type { HoldingClosedV1Data } from '@crm/contracts';
import { dataOf, type FactMapping } from './fact-mapping';

/** As DELETE /v1/clients/:id/products/:holdingId; the reason is core banking's code, or says where it came from. */
export const holdingClosedMapping: FactMapping = {
  type: 'bank.core.HoldingClosed.v1',
  route: 'DELETE /v1/clients/:id/products/:holdingId',
  scope: 'crm:holdings.report',
  toCommand: (input) => {
    const fact = dataOf<HoldingClosedV1Data>(input);
    return {
      type: 'CloseProductHolding',
      data: { holdingId: fact.holdingId, reason: fact.reasonCode ?? 'closed in core banking' },
    };
  },
};
