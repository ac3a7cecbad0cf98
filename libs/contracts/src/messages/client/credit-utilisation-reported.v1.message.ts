import { AmountField, CodeField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class CreditUtilisationReportedV1Data {
  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;

  @AmountField({ description: 'Amount drawn, in the facility currency.' })
  drawn!: string;
}

export const creditUtilisationReportedV1 = defineContract({
  eventType: 'CreditUtilisationReported',
  description: 'The drawn amount of a facility was reported.',
  dataClass: CreditUtilisationReportedV1Data,
  toData: (data) => ({ facilityId: data.facilityId, drawn: data.drawn }),
});
