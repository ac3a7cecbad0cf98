import { CLIENT_TIERS, type ClientTier } from '@crm/domain';
import { AmountField, EnumField, NullableEnumField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class ClientTierChangedV1Data {
  @NullableEnumField(CLIENT_TIERS, { description: 'Previous tier; null for the first tier.' })
  from!: ClientTier | null;

  @EnumField(CLIENT_TIERS, { description: 'New tier. Core clients must be covered by a senior or principal manager.' })
  to!: ClientTier;

  @AmountField({ optional: true, description: 'Annual contribution behind the decision, when given.' })
  annualContribution?: string;
}

export const clientTierChangedV1 = defineContract({
  eventType: 'ClientTierChanged',
  description: 'The client moved to another tier. The reason is free text and not published.',
  dataClass: ClientTierChangedV1Data,
  toData: (data) => ({
    from: data.from,
    to: data.to,
    ...whenPresent('annualContribution', data.annualContribution),
  }),
});
