import { AmountField, IntegerField } from '@crm/api-kit';

export class ReportPastDueRequestDto {
  @IntegerField(1, 100000)
  daysPastDue!: number;

  @AmountField()
  amountOverdue!: string;
}
