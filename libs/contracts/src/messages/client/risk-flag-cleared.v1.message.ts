import { IdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class RiskFlagClearedV1Data {
  @IdField({ description: 'The flag that was cleared.' })
  flagId!: string;
}

export const riskFlagClearedV1 = defineContract({
  eventType: 'RiskFlagCleared',
  description: 'A risk flag was cleared. The reason is free text and not published.',
  dataClass: RiskFlagClearedV1Data,
  toData: (data) => ({ flagId: data.flagId }),
});
