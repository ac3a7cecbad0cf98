import { AmountField, CodeField, IntegerField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class PaymentPastDueV1Data {
  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;

  @IntegerField(1, Number.MAX_SAFE_INTEGER, { description: 'Days the oldest unpaid amount is overdue.' })
  daysPastDue!: number;

  @AmountField({ description: 'Amount overdue, in the facility currency.' })
  amountOverdue!: string;
}

export const paymentPastDueV1 = defineContract({
  eventType: 'PaymentPastDue',
  description:
    'Superseded by bank.crm.PaymentPastDue.v2 (published instead since arrears are dated); kept so messages already on the topic stay readable. A payment on a facility is past due.',
  dataClass: PaymentPastDueV1Data,
  toData: (data) => ({ facilityId: data.facilityId, daysPastDue: data.daysPastDue, amountOverdue: data.amountOverdue }),
});
