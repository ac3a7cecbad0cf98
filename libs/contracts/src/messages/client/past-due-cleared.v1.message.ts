import { CodeField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class PastDueClearedV1Data {
  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;
}

export const pastDueClearedV1 = defineContract({
  eventType: 'PastDueCleared',
  description: 'Overdue amounts on a facility were paid.',
  dataClass: PastDueClearedV1Data,
  toData: (data) => ({ facilityId: data.facilityId }),
});
