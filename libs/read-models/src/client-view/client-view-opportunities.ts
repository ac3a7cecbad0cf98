import type { ClientView, OpportunityView } from './client-view';
import { UNCHANGED, type ChangeHandlersFor, type ViewChanges } from './client-view-changes';

/** The opportunity `opportunityId` changed by `change`; the view unchanged when it holds no such opportunity. */
const withOpportunity = (
  view: ClientView,
  opportunityId: string,
  change: (opportunity: OpportunityView) => OpportunityView,
): ViewChanges => {
  const opportunities = view.opportunities ?? [];
  if (!opportunities.some((o) => o.opportunityId === opportunityId)) return UNCHANGED;
  return { opportunities: opportunities.map((o) => (o.opportunityId === opportunityId ? change(o) : o)) };
};

/** The view's sales opportunities, open and closed, oldest first. */
export const OPPORTUNITY_CHANGES: ChangeHandlersFor<
  'OpportunityOpened' | 'OpportunityStageChanged' | 'OpportunityWon' | 'OpportunityLost'
> = {
  OpportunityOpened: (event, view) => {
    const opportunities = view.opportunities ?? [];
    const { opportunityId, managerId, productCategory, productCode, expectedAmount, currency, stage, openedAt } =
      event.data;
    if (opportunities.some((o) => o.opportunityId === opportunityId)) return UNCHANGED;
    const opened: OpportunityView = {
      opportunityId,
      managerId,
      productCategory,
      productCode: productCode ?? null,
      expectedAmount,
      currency,
      stage,
      status: 'open',
      openedAt,
      closedAt: null,
      lossReason: null,
    };
    return { opportunities: [...opportunities, opened] };
  },
  OpportunityStageChanged: (event, view) =>
    withOpportunity(view, event.data.opportunityId, (o) => ({ ...o, stage: event.data.to })),
  OpportunityWon: (event, view) =>
    withOpportunity(view, event.data.opportunityId, (o) => ({ ...o, status: 'won', closedAt: event.data.wonAt })),
  OpportunityLost: (event, view) =>
    withOpportunity(view, event.data.opportunityId, (o) => ({
      ...o,
      status: 'lost',
      closedAt: event.data.lostAt,
      lossReason: event.data.reason,
    })),
};
