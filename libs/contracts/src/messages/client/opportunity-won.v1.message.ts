import { IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class OpportunityWonV1Data {
  @IdField({ description: 'The opportunity.' })
  opportunityId!: string;

  @InstantField({ description: 'When it was recorded as won.' })
  wonAt!: string;
}

export const opportunityWonV1 = defineContract({
  eventType: 'OpportunityWon',
  description: 'An opportunity was won: the sale closed. It counts in the win rate.',
  dataClass: OpportunityWonV1Data,
  toData: (data) => ({ opportunityId: data.opportunityId, wonAt: data.wonAt }),
});
