import { AmountField, CodeField, DateField, IntegerField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class PaymentPastDueV2Data {
  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;

  @DateField({
    description:
      "The date (bank calendar) the oldest unpaid amount fell due. Days past due at any instant are counted from it to the bank's date then.",
  })
  overdueSince!: string;

  @IntegerField(0, Number.MAX_SAFE_INTEGER, {
    description: 'Days past due on the day of the report (0 when the amount fell due that day); it does not age.',
  })
  daysPastDue!: number;

  @AmountField({ description: 'Amount overdue, in the facility currency.' })
  amountOverdue!: string;
}

export const paymentPastDueV2 = defineContract({
  eventType: 'PaymentPastDue',
  version: 2,
  description: 'A payment on a facility is past due, dated by when the oldest unpaid amount fell due.',
  dataClass: PaymentPastDueV2Data,
  toData: (data) => ({
    facilityId: data.facilityId,
    overdueSince: data.overdueSince,
    daysPastDue: data.daysPastDue,
    amountOverdue: data.amountOverdue,
  }),
});
