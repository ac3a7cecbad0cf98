import { conflict, invalid, notFound } from '../common/domain-error';
import { OPPORTUNITY_STAGES, PRODUCT_CATEGORIES } from '../common/scales';
import type { ChangeOpportunityStage, LoseOpportunity, OpenOpportunity, WinOpportunity } from './client.commands';
import type {
  ClientEvent,
  OpportunityLost,
  OpportunityOpened,
  OpportunityStageChanged,
  OpportunityWon,
} from './client.events';
import type { ExistingClientState, OpportunityState } from './client.state';
import { requireNamedManager } from './client-coverage.decider';
import { emptyEntries, updateEntry, withEntry } from './state-collections';
import { requireCurrency, requireDecimal, requireOn, requireText } from './validation';

type PipelineCommand = OpenOpportunity | ChangeOpportunityStage | WinOpportunity | LoseOpportunity;
type PipelineEvent = OpportunityOpened | OpportunityStageChanged | OpportunityWon | OpportunityLost;

/** An opportunity that can still move: it exists (404) and was neither won nor lost (409). */
const requireOpen = (state: ExistingClientState, opportunityId: string): OpportunityState => {
  const opportunity = state.opportunities.get(opportunityId);
  if (opportunity === undefined) {
    throw notFound('OPPORTUNITY.NOT_FOUND', `opportunity ${opportunityId} does not exist`);
  }
  if (opportunity.status !== 'open') {
    throw conflict('OPPORTUNITY.CLOSED', `opportunity ${opportunityId} is already ${opportunity.status}`);
  }
  return opportunity;
};

const openOpportunity = ({ data, metadata }: OpenOpportunity, state: ExistingClientState): ClientEvent[] => {
  const opportunityId = requireText(data.opportunityId, 'opportunityId');
  const managerId = requireText(data.managerId, 'managerId');
  const productCategory = requireOn(PRODUCT_CATEGORIES, data.productCategory, 'productCategory');
  const productCode = data.productCode === undefined ? undefined : requireText(data.productCode, 'productCode');
  const expectedAmount = requireDecimal(data.expectedAmount, 'expectedAmount');
  if (/^0*(\.0*)?$/.test(expectedAmount)) {
    throw invalid('CLIENT.INVALID_VALUE', 'expectedAmount must be more than zero', 'expectedAmount');
  }
  const currency = requireCurrency(data.currency);
  const stage = data.stage === undefined ? 'lead' : requireOn(OPPORTUNITY_STAGES, data.stage, 'stage');
  if (state.opportunities.has(opportunityId)) {
    throw conflict('OPPORTUNITY.ALREADY_OPENED', `opportunity ${opportunityId} is already opened`);
  }
  requireNamedManager(managerId, data.manager, 'managerId');
  return [
    {
      type: 'OpportunityOpened',
      data: {
        opportunityId,
        managerId,
        productCategory,
        ...(productCode === undefined ? {} : { productCode }),
        expectedAmount,
        currency,
        stage,
        openedAt: metadata.now,
      },
    },
  ];
};

const changeStage = ({ data }: ChangeOpportunityStage, state: ExistingClientState): ClientEvent[] => {
  const opportunityId = requireText(data.opportunityId, 'opportunityId');
  const stage = requireOn(OPPORTUNITY_STAGES, data.stage, 'stage');
  const opportunity = requireOpen(state, opportunityId);
  if (opportunity.stage === stage) return [];
  return [{ type: 'OpportunityStageChanged', data: { opportunityId, from: opportunity.stage, to: stage } }];
};

const win = ({ data, metadata }: WinOpportunity, state: ExistingClientState): ClientEvent[] => {
  const opportunityId = requireText(data.opportunityId, 'opportunityId');
  requireOpen(state, opportunityId);
  return [{ type: 'OpportunityWon', data: { opportunityId, wonAt: metadata.now } }];
};

const lose = ({ data, metadata }: LoseOpportunity, state: ExistingClientState): ClientEvent[] => {
  const opportunityId = requireText(data.opportunityId, 'opportunityId');
  const reason = requireText(data.reason, 'reason');
  requireOpen(state, opportunityId);
  return [{ type: 'OpportunityLost', data: { opportunityId, lostAt: metadata.now, reason } }];
};

/** The pipeline's commands, routed here as one group so the client decider stays one screen. */
export const decidePipeline = (command: PipelineCommand, state: ExistingClientState): ClientEvent[] => {
  switch (command.type) {
    case 'OpenOpportunity':
      return openOpportunity(command, state);
    case 'ChangeOpportunityStage':
      return changeStage(command, state);
    case 'WinOpportunity':
      return win(command, state);
    case 'LoseOpportunity':
      return lose(command, state);
  }
};

export const noOpportunities = (): ReadonlyMap<string, OpportunityState> => emptyEntries();

/** The pipeline's events; one about an opportunity the state does not hold changes nothing, so evolve stays total. */
export const evolvePipeline = (state: ExistingClientState, event: PipelineEvent): ExistingClientState => {
  const { opportunities } = state;
  switch (event.type) {
    case 'OpportunityOpened':
      return {
        ...state,
        opportunities: withEntry(opportunities, event.data.opportunityId, { status: 'open', stage: event.data.stage }),
      };
    case 'OpportunityStageChanged':
      return {
        ...state,
        opportunities: updateEntry(opportunities, event.data.opportunityId, (o) => ({ ...o, stage: event.data.to })),
      };
    case 'OpportunityWon':
      return {
        ...state,
        opportunities: updateEntry(opportunities, event.data.opportunityId, (o) => ({ ...o, status: 'won' })),
      };
    case 'OpportunityLost':
      return {
        ...state,
        opportunities: updateEntry(opportunities, event.data.opportunityId, (o) => ({ ...o, status: 'lost' })),
      };
  }
};
