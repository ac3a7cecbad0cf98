import { SEGMENTS, type Segment } from '@crm/domain';
import { CodeField, EnumField, IdField, LabelField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ProspectRegisteredV1Data {
  @IdField({ description: 'The new client id (a uuid); also the message subject.' })
  clientId!: string;

  @CodeField({ description: 'Branch that owns the client.' })
  branchId!: string;

  @EnumField(SEGMENTS, { description: 'Client segment.' })
  segment!: Segment;

  @LabelField(100, { description: 'Industry classification, e.g. manufacturing.' })
  industry!: string;

  @LabelField(64, { description: 'Acquisition channel, e.g. referral, branch_walk_in, campaign.' })
  source!: string;
}

export const prospectRegisteredV1 = defineContract({
  eventType: 'ProspectRegistered',
  description:
    'A prospect was registered. Legal name, registration number, contact details and referrer are personal and not published.',
  dataClass: ProspectRegisteredV1Data,
  toData: (data) => ({
    clientId: data.clientId,
    branchId: data.branchId,
    segment: data.segment,
    industry: data.industry,
    source: data.source,
  }),
});
