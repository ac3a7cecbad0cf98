import { AmountField, IntegerField } from '@crm/platform';

export class ReportPastDueRequestDto {
  @IntegerField(1, 100000)
  daysPastDue!: number;

  @AmountField()
  amountOverdue!: string;
}
