import { CodeField, InstantField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class ProspectConvertedV1Data {
  @InstantField({ description: 'When the prospect became a client.' })
  convertedAt!: string;

  @CodeField({ optional: true, description: 'Code of the first product the client took, when known.' })
  firstProductCode?: string;
}

export const prospectConvertedV1 = defineContract({
  eventType: 'ProspectConverted',
  description: 'A prospect became a client.',
  dataClass: ProspectConvertedV1Data,
  toData: (data) => ({
    convertedAt: data.convertedAt,
    ...whenPresent('firstProductCode', data.firstProductCode),
  }),
});
