import { AmountField, CurrencyField, DateField } from '@crm/api-kit';

/** The core-banking fact `bank.core.HoldingBalanceReported.v1` without its ids, which the path carries. */
export class ReportHoldingBalanceRequestDto {
  @AmountField({
    signed: true,
    example: '1250000.00',
    description: 'The balance at the end of asOf, as the core system reports it; negative for an overdrawn account.',
  })
  balance!: string;

  @CurrencyField({ description: "The holding's currency, fixed by its first report (another one is a 422)." })
  currency!: string;

  @DateField({
    example: '2026-11-30',
    description:
      "The bank date the balance stands at the end of (not after the bank's today). An older date than the holding's latest is kept as history and does not replace its current balance.",
  })
  asOf!: string;
}
