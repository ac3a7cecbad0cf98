import { OPPORTUNITY_STAGES, PRODUCT_CATEGORIES, type OpportunityStage, type ProductCategory } from '@crm/domain';
import { AmountField, CodeField, CurrencyField, EnumField } from '@crm/api-kit';

export class OpenOpportunityRequestDto {
  @EnumField(PRODUCT_CATEGORIES)
  productCategory!: ProductCategory;

  @CodeField(64, { optional: true, example: 'WM-FUND-07' })
  productCode?: string;

  @AmountField({ description: 'What the sale is expected to bring, more than zero.', example: '2000000.00' })
  expectedAmount!: string;

  @CurrencyField()
  currency!: string;

  @EnumField(OPPORTUNITY_STAGES, { optional: true, description: 'Default: lead.' })
  stage?: OpportunityStage;

  @CodeField(64, {
    optional: true,
    description: "Whose pipeline it is in; defaults to the caller's managerId claim, else the client's manager.",
  })
  managerId?: string;
}
