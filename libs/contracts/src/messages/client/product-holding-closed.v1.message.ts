import { IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ProductHoldingClosedV1Data {
  @IdField({ description: 'The holding that was closed.' })
  holdingId!: string;
}

export const productHoldingClosedV1 = defineContract({
  eventType: 'ProductHoldingClosed',
  description: 'A product holding was closed. The reason is free text and not published.',
  dataClass: ProductHoldingClosedV1Data,
  toData: (data) => ({ holdingId: data.holdingId }),
});
