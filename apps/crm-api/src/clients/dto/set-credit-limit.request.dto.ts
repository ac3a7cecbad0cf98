import { AmountField, CurrencyField } from '@crm/api-kit';

export class SetCreditLimitRequestDto {
  @AmountField()
  limit!: string;

  @CurrencyField()
  currency!: string;
}
