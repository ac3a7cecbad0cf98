import { IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class OpportunityLostV1Data {
  @IdField({ description: 'The opportunity.' })
  opportunityId!: string;

  @InstantField({ description: 'When it was recorded as lost.' })
  lostAt!: string;
}

export const opportunityLostV1 = defineContract({
  eventType: 'OpportunityLost',
  description: 'An opportunity was lost. It counts in the win rate. The reason is free text and not published.',
  dataClass: OpportunityLostV1Data,
  toData: (data) => ({ opportunityId: data.opportunityId, lostAt: data.lostAt }),
});
