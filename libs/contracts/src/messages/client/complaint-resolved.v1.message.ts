import { COMPLAINT_OUTCOMES, type ComplaintOutcome } from '@crm/domain';
import { AmountField, CurrencyField, EnumField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class ComplaintResolvedV1Data {
  @IdField({ description: 'The complaint that was resolved.' })
  complaintId!: string;

  @InstantField({
    optional: true,
    description: 'When it was resolved; absent on complaints resolved before it was kept.',
  })
  resolvedAt?: string;

  @EnumField(COMPLAINT_OUTCOMES, { optional: true, description: 'What the bank found, when recorded.' })
  outcome?: ComplaintOutcome;

  @AmountField({ optional: true, description: 'Redress paid to the client (decimal string), with its currency.' })
  redressAmount?: string;

  @CurrencyField({ optional: true, description: 'Currency of the redress (ISO 4217).' })
  currency?: string;
}

export const complaintResolvedV1 = defineContract({
  eventType: 'ComplaintResolved',
  description: 'A complaint was resolved. The resolution is free text and not published.',
  dataClass: ComplaintResolvedV1Data,
  toData: (data) => ({
    complaintId: data.complaintId,
    ...whenPresent('resolvedAt', data.resolvedAt),
    ...whenPresent('outcome', data.outcome),
    ...whenPresent('redressAmount', data.redressAmount),
    ...whenPresent('currency', data.currency),
  }),
});
