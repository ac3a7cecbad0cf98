import type { OpportunityStage, ProductCategory } from '@crm/domain';
import { changedClientRows, type ClientRows } from '../client-view/client-rows';
import type { ClientView } from '../client-view/client-view';

/**
 * One sales opportunity as the `opportunities` table keeps it, derived from its client's view
 * (opportunityRowsOfView), so a client's rows are rewritten whenever they differ.
 */
export type OpportunityRow = Readonly<{
  opportunityId: string;
  clientId: string;
  /** The client's branch now; the opportunity stays in the pipeline of the manager who opened it. */
  branchId: string;
  managerId: string;
  legalName: string;
  status: 'open' | 'won' | 'lost';
  stage: OpportunityStage;
  productCategory: ProductCategory;
  productCode: string | null;
  expectedAmount: string;
  currency: string;
  openedAt: string;
  closedAt: string | null;
}>;

export const opportunityRowsOfView = (view: ClientView): OpportunityRow[] =>
  (view.opportunities ?? []).map((o) => ({
    opportunityId: o.opportunityId,
    clientId: view.id,
    branchId: view.branchId,
    managerId: o.managerId,
    legalName: view.legalName,
    status: o.status,
    stage: o.stage,
    productCategory: o.productCategory,
    productCode: o.productCode,
    expectedAmount: o.expectedAmount,
    currency: o.currency,
    openedAt: o.openedAt,
    closedAt: o.closedAt,
  }));

export type ClientOpportunities = ClientRows<OpportunityRow>;

/** The client's opportunity rows when a batch changed them, else null. */
export const opportunityChangeOf = (before: ClientView | null, after: ClientView): ClientOpportunities | null =>
  changedClientRows(before, after, opportunityRowsOfView);
