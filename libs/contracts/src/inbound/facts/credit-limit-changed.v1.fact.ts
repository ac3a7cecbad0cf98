import { AmountField, CodeField, CurrencyField, NullableDateField, PatternField } from '../../fields/message-fields';
import { CLIENT_ID_PATTERN } from '../inbound-patterns';
import { defineInboundFact } from '../inbound-fact-contract';

export class CreditLimitChangedV1Data {
  @PatternField(CLIENT_ID_PATTERN, 'must be a client id (lower-case uuid)', {
    description: 'The client; equals the subject and the Kafka key.',
  })
  clientId!: string;

  @CodeField({ description: 'Credit facility (bank code); a facility not known yet is opened with this limit.' })
  facilityId!: string;

  @AmountField({ description: 'The new limit (decimal string).' })
  limit!: string;

  @CurrencyField({ description: 'Currency of the facility (ISO 4217); fixed once recorded.' })
  currency!: string;

  @CodeField({ description: 'Facility type code; fixed once recorded.', optional: true })
  type?: string;

  @NullableDateField({ description: 'Maturity date (bank calendar), null for none.', optional: true })
  maturityDate?: string | null;

  @NullableDateField({ description: 'Next credit review date (bank calendar), null for none.', optional: true })
  nextReviewDate?: string | null;
}

export const creditLimitChangedV1 = defineInboundFact({
  type: 'bank.core.CreditLimitChanged.v1',
  description: 'Core banking: a facility of the client was opened or its limit changed.',
  dataClass: CreditLimitChangedV1Data,
});
