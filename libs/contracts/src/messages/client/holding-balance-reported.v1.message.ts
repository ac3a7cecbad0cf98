import { AmountField, CurrencyField, DateField, IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class HoldingBalanceReportedV1Data {
  @IdField({ description: 'Id of the holding (ProductHoldingOpened).' })
  holdingId!: string;

  @AmountField({
    signed: true,
    description: 'Balance at the end of asOf, in currency; negative for an overdrawn account.',
  })
  balance!: string;

  @CurrencyField({ description: "ISO 4217 code of the holding's currency, fixed by its first report." })
  currency!: string;

  @DateField({
    description:
      "Bank date the balance stands at the end of. A report dated before the holding's latest is history: it does not replace the current balance.",
  })
  asOf!: string;
}

export const holdingBalanceReportedV1 = defineContract({
  eventType: 'HoldingBalanceReported',
  description: 'The balance of a product holding at the end of a bank date was reported.',
  dataClass: HoldingBalanceReportedV1Data,
  toData: (data) => ({
    holdingId: data.holdingId,
    balance: data.balance,
    currency: data.currency,
    asOf: data.asOf,
  }),
});
