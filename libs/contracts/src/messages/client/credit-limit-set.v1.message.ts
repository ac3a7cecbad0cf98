import { AmountField, CodeField, CurrencyField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class CreditLimitSetV1Data {
  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;

  @AmountField({ description: 'The facility limit.' })
  limit!: string;

  @CurrencyField({ description: 'Currency of the facility; it never changes once set.' })
  currency!: string;
}

export const creditLimitSetV1 = defineContract({
  eventType: 'CreditLimitSet',
  description: 'A credit facility was opened or its limit changed.',
  dataClass: CreditLimitSetV1Data,
  toData: (data) => ({ facilityId: data.facilityId, limit: data.limit, currency: data.currency }),
});
