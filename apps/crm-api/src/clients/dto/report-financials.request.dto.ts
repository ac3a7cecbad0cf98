import { Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { AmountField, CurrencyField } from '@crm/api-kit';

export class ReportFinancialsRequestDto {
  @ApiProperty({ example: '2026-Q1', description: 'YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM' })
  @Matches(/^\d{4}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$/, {
    message: 'period must look like 2026, 2026-Q1, 2026-H1 or 2026-03',
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
