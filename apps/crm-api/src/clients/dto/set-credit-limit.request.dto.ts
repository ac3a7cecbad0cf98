import { AmountField, CurrencyField } from '@crm/platform';

export class SetCreditLimitRequestDto {
  @AmountField()
  limit!: string;

  @CurrencyField()
  currency!: string;
}
