import { FACILITY_TYPES } from '@crm/domain';
import { AmountField, CurrencyField, DateField, EnumField } from '@crm/api-kit';

export class SetCreditLimitRequestDto {
  @AmountField()
  limit!: string;

  @CurrencyField()
  currency!: string;

  @EnumField(FACILITY_TYPES, {
    optional: true,
    description:
      'revolving (utilisation is watched), term, guarantee or trade. Fixed once recorded; required to record maturityDate or nextReviewDate on a facility without a type.',
  })
  type?: string;

  @DateField({ optional: true, description: 'Final maturity (bank calendar).' })
  maturityDate?: string;

  @DateField({
    optional: true,
    description: 'Next credit review (bank calendar); once it passes, the risk monitor raises EW-REVIEW.',
  })
  nextReviewDate?: string;
}
