import { CodeField, PatternField } from '../../fields/message-fields';
import { CLIENT_ID_PATTERN } from '../inbound-patterns';
import { defineInboundFact } from '../inbound-fact-contract';

export class PastDueCuredV1Data {
  @PatternField(CLIENT_ID_PATTERN, 'must be a client id (lower-case uuid)', {
    description: 'The client; equals the subject and the Kafka key.',
  })
  clientId!: string;

  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;
}

export const pastDueCuredV1 = defineInboundFact({
  type: 'bank.core.PastDueCured.v1',
  description: "Core banking: a facility's arrear was paid; the facility is current again.",
  dataClass: PastDueCuredV1Data,
});
