import { AmountField, CurrencyField, DateField, IdField, PatternField } from '../../fields/message-fields';
import { CLIENT_ID_PATTERN } from '../inbound-patterns';
import { defineInboundFact } from '../inbound-fact-contract';

/** Named apart from the outbound message of the same event (bank.crm.HoldingBalanceReported.v1). */
export class HoldingBalanceReportedFactV1Data {
  @PatternField(CLIENT_ID_PATTERN, 'must be a client id (lower-case uuid)', {
    description: 'The client; equals the subject and the Kafka key.',
  })
  clientId!: string;

  @IdField({ description: 'Product holding (the id the CRM gave it when it was opened).' })
  holdingId!: string;

  @AmountField({
    signed: true,
    description: 'Balance of the holding (decimal string; negative for an overdrawn account).',
  })
  balance!: string;

  @CurrencyField({ description: 'Currency of the balance (ISO 4217).' })
  currency!: string;

  @DateField({ description: 'The bank date the balance is as of.' })
  asOf!: string;
}

export const holdingBalanceReportedV1 = defineInboundFact({
  type: 'bank.core.HoldingBalanceReported.v1',
  description: 'Core banking: the balance of a product holding of the client as of a bank date.',
  dataClass: HoldingBalanceReportedFactV1Data,
});
