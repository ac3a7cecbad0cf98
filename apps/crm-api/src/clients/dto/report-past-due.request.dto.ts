import { AmountField, DateField, IntegerField } from '@crm/api-kit';

export class ReportPastDueRequestDto {
  @DateField({
    optional: true,
    description:
      "The date the oldest unpaid amount fell due (bank calendar; not after the bank's today). Days past due are counted from it and age by themselves. Required unless daysPastDue is given.",
  })
  overdueSince?: string;

  @IntegerField(1, 10980, {
    optional: true,
    description:
      "Deprecated: days past due today, for callers that cannot date the arrear; it is turned into overdueSince (the bank's today less these days). Give overdueSince or this, not both.",
  })
  daysPastDue?: number;

  @AmountField()
  amountOverdue!: string;
}
