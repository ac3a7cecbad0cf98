import { OPPORTUNITY_STAGES, type OpportunityStage } from '@crm/domain';
import { EnumField, IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class OpportunityStageChangedV1Data {
  @IdField({ description: 'The opportunity.' })
  opportunityId!: string;

  @EnumField(OPPORTUNITY_STAGES, { description: 'Stage before.' })
  from!: OpportunityStage;

  @EnumField(OPPORTUNITY_STAGES, { description: 'Stage now (forward or back).' })
  to!: OpportunityStage;
}

export const opportunityStageChangedV1 = defineContract({
  eventType: 'OpportunityStageChanged',
  description: 'An open opportunity moved to another stage.',
  dataClass: OpportunityStageChangedV1Data,
  toData: (data) => ({ opportunityId: data.opportunityId, from: data.from, to: data.to }),
});
