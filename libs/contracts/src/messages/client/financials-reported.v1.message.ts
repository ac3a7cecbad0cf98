import { AmountField, CurrencyField, PeriodField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class FinancialsReportedV1Data {
  @PeriodField({ description: 'Reporting period: YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM.' })
  period!: string;

  @AmountField({ description: 'Revenue of the period.' })
  revenue!: string;

  @AmountField({ signed: true, description: 'Net profit of the period; negative for a loss.' })
  netProfit!: string;

  @AmountField({ description: 'Total assets at the end of the period.' })
  totalAssets!: string;

  @AmountField({ description: 'Total liabilities at the end of the period.' })
  totalLiabilities!: string;

  @CurrencyField({ description: 'Currency of all amounts.' })
  currency!: string;
}

export const financialsReportedV1 = defineContract({
  eventType: 'FinancialsReported',
  description: 'The client reported its financial statements for a period.',
  dataClass: FinancialsReportedV1Data,
  toData: (data) => ({
    period: data.period,
    revenue: data.revenue,
    netProfit: data.netProfit,
    totalAssets: data.totalAssets,
    totalLiabilities: data.totalLiabilities,
    currency: data.currency,
  }),
});
