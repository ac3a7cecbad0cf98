import { CodeField, IdField, PatternField } from '../../fields/message-fields';
import { CLIENT_ID_PATTERN } from '../inbound-patterns';
import { defineInboundFact } from '../inbound-fact-contract';

export class HoldingClosedV1Data {
  @PatternField(CLIENT_ID_PATTERN, 'must be a client id (lower-case uuid)', {
    description: 'The client; equals the subject and the Kafka key.',
  })
  clientId!: string;

  @IdField({ description: 'Product holding (the id the CRM gave it when it was opened).' })
  holdingId!: string;

  @CodeField({ description: "Core banking's reason code for the closure (a code, never free text).", optional: true })
  reasonCode?: string;
}

export const holdingClosedV1 = defineInboundFact({
  type: 'bank.core.HoldingClosed.v1',
  description: 'Core banking: a product holding of the client was closed.',
  dataClass: HoldingClosedV1Data,
});
