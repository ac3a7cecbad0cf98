import { PRODUCT_CATEGORIES, type ProductCategory } from '@crm/domain';
import { AmountField, CodeField, EnumField, IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ProductHoldingOpenedV1Data {
  @IdField({ description: 'Id of the holding; ProductHoldingClosed refers to it.' })
  holdingId!: string;

  @CodeField({ description: 'Product code, e.g. WM-FIXED-90D.' })
  productCode!: string;

  @EnumField(PRODUCT_CATEGORIES, { description: 'Product category.' })
  category!: ProductCategory;

  @AmountField({ description: 'Amount of the holding.' })
  amount!: string;
}

export const productHoldingOpenedV1 = defineContract({
  eventType: 'ProductHoldingOpened',
  description: 'The client took a product.',
  dataClass: ProductHoldingOpenedV1Data,
  toData: (data) => ({
    holdingId: data.holdingId,
    productCode: data.productCode,
    category: data.category,
    amount: data.amount,
  }),
});
