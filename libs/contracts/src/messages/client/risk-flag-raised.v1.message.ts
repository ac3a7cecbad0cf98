import { RISK_FLAG_TYPES, SEVERITIES, type RiskFlagType, type Severity } from '@crm/domain';
import { EnumField, IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class RiskFlagRaisedV1Data {
  @IdField({ description: 'Id of the flag; RiskFlagCleared refers to it.' })
  flagId!: string;

  @EnumField(RISK_FLAG_TYPES, { description: 'Kind of risk.' })
  type!: RiskFlagType;

  @EnumField(SEVERITIES, { description: 'Severity of the flag.' })
  severity!: Severity;
}

export const riskFlagRaisedV1 = defineContract({
  eventType: 'RiskFlagRaised',
  description: 'A risk flag was raised on the client. The note is free text and not published.',
  dataClass: RiskFlagRaisedV1Data,
  toData: (data) => ({ flagId: data.flagId, type: data.type, severity: data.severity }),
});
