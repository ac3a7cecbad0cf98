import { AmountField, CodeField, DateField, PatternField } from '../../fields/message-fields';
import { CLIENT_ID_PATTERN } from '../inbound-patterns';
import { defineInboundFact } from '../inbound-fact-contract';

export class PastDueReportedV1Data {
  @PatternField(CLIENT_ID_PATTERN, 'must be a client id (lower-case uuid)', {
    description: 'The client; equals the subject and the Kafka key.',
  })
  clientId!: string;

  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;

  @AmountField({ description: 'Amount overdue, in the facility currency (decimal string).' })
  amountOverdue!: string;

  @DateField({ description: 'The date (bank calendar) the oldest unpaid amount fell due.' })
  overdueSince!: string;
}

export const pastDueReportedV1 = defineInboundFact({
  type: 'bank.core.PastDueReported.v1',
  description: 'Core banking: a facility of the client has an arrear, dated by when its oldest unpaid amount fell due.',
  dataClass: PastDueReportedV1Data,
});
