import { PRODUCT_CATEGORIES, type ProductCategory } from '@crm/domain';
import { AmountField, CodeField, EnumField } from '@crm/api-kit';

export class OpenProductHoldingRequestDto {
  @CodeField(64, { example: 'WM-FIXED-90D' })
  productCode!: string;

  @EnumField(PRODUCT_CATEGORIES)
  category!: ProductCategory;

  @AmountField()
  amount!: string;
}
