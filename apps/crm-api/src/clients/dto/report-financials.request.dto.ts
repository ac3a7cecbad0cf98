import { Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { AmountField, CurrencyField } from '@crm/api-kit';
import { FINANCIAL_PERIOD_PATTERN } from '@crm/domain';

export class ReportFinancialsRequestDto {
  @ApiProperty({
    example: '2026-Q1',
    description: 'A year, half, quarter or month: YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM',
    pattern: FINANCIAL_PERIOD_PATTERN.source,
  })
  // The decider's own rule (parseFinancialPeriod), so the API refuses exactly what it would.
  @Matches(FINANCIAL_PERIOD_PATTERN, {
    message: 'period must be a year, half, quarter or month such as 2026, 2026-H1, 2026-Q1 or 2026-03',
  })
  period!: string;

  @AmountField()
  revenue!: string;

  @AmountField({ signed: true })
  netProfit!: string;

  @AmountField()
  totalAssets!: string;

  @AmountField()
  totalLiabilities!: string;

  @CurrencyField()
  currency!: string;
}
