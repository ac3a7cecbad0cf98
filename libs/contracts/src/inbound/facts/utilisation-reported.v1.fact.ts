import { AmountField, CodeField, PatternField } from '../../fields/message-fields';
import { CLIENT_ID_PATTERN } from '../inbound-patterns';
import { defineInboundFact } from '../inbound-fact-contract';

export class UtilisationReportedV1Data {
  @PatternField(CLIENT_ID_PATTERN, 'must be a client id (lower-case uuid)', {
    description: 'The client; equals the subject and the Kafka key.',
  })
  clientId!: string;

  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;

  @AmountField({ description: 'Amount drawn, in the facility currency (decimal string).' })
  drawn!: string;
}

export const utilisationReportedV1 = defineInboundFact({
  type: 'bank.core.UtilisationReported.v1',
  description: 'Core banking: the amount drawn on a facility of the client.',
  dataClass: UtilisationReportedV1Data,
});
