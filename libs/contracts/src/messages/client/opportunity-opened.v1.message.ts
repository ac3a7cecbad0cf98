import { OPPORTUNITY_STAGES, PRODUCT_CATEGORIES, type OpportunityStage, type ProductCategory } from '@crm/domain';
import { AmountField, CodeField, CurrencyField, EnumField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class OpportunityOpenedV1Data {
  @IdField({ description: 'Id of the opportunity; the stage change, win and loss refer to it.' })
  opportunityId!: string;

  @CodeField({ description: 'Manager whose pipeline it is in.' })
  managerId!: string;

  @EnumField(PRODUCT_CATEGORIES, { description: 'Category of the product to be sold.' })
  productCategory!: ProductCategory;

  @CodeField({ optional: true, description: 'Product code, when known.' })
  productCode?: string;

  @AmountField({ description: 'What the sale is expected to bring.' })
  expectedAmount!: string;

  @CurrencyField({ description: 'Currency of the expected amount.' })
  currency!: string;

  @EnumField(OPPORTUNITY_STAGES, { description: 'Stage it was opened at.' })
  stage!: OpportunityStage;

  @InstantField({ description: 'When it was opened.' })
  openedAt!: string;
}

export const opportunityOpenedV1 = defineContract({
  eventType: 'OpportunityOpened',
  description:
    'A sales opportunity with the client or prospect was opened, in the pipeline of the manager named. It moves between stages (OpportunityStageChanged) until won (OpportunityWon) or lost (OpportunityLost).',
  dataClass: OpportunityOpenedV1Data,
  toData: (data) => ({
    opportunityId: data.opportunityId,
    managerId: data.managerId,
    productCategory: data.productCategory,
    ...whenPresent('productCode', data.productCode),
    expectedAmount: data.expectedAmount,
    currency: data.currency,
    stage: data.stage,
    openedAt: data.openedAt,
  }),
});
