import {
  CLIENT_TIERS,
  CREDIT_RATINGS,
  LOAN_CLASSIFICATIONS,
  SEGMENTS,
  type ClientTier,
  type Segment,
} from '@crm/domain';
import {
  CodeField,
  EnumField,
  IdField,
  InstantField,
  IntegerField,
  NullableCodeField,
  NullableEnumField,
  PatternField,
} from '../fields/message-fields';
import { POSITION_PATTERN } from '../fields/patterns';
import { dataschemaOf } from '../integration-type';

export const CLIENT_STATE_TYPE = 'bank.crm.ClientState.v1';
export const CLIENT_STATE_SCHEMA_ID = dataschemaOf(CLIENT_STATE_TYPE);
export const CLIENT_STATE_DESCRIPTION =
  'The latest non-personal state of one client, the value of its key on the compacted topic crm.client-state.v1. A new consumer reads the topic to the end, then follows crm.client-events.v1 from each client\u2019s streamrevision on. An erased client has a tombstone (null value) instead.';

/** Value of a `crm.client-state.v1` record; keys and rules are the published schema's. */
export class ClientStateV1 {
  @IdField({ description: 'The client (also the Kafka key).' })
  clientId!: string;

  @EnumField(['prospect', 'client'], { description: 'Lifecycle: a prospect until converted.' })
  status!: 'prospect' | 'client';

  @CodeField({ description: 'Branch the client belongs to.' })
  branchId!: string;

  @EnumField(SEGMENTS, { description: 'Customer segment.' })
  segment!: Segment;

  @NullableEnumField(CLIENT_TIERS, { description: 'Value tier; null until graded.' })
  tier!: ClientTier | null;

  @NullableCodeField({ description: 'Relationship manager covering the client; null while none does.' })
  managerId!: string | null;

  @NullableEnumField(CREDIT_RATINGS, { description: 'Internal credit rating; null until rated.' })
  rating!: string | null;

  @NullableEnumField(LOAN_CLASSIFICATIONS, { description: 'Five-category loan classification; null until classified.' })
  classification!: string | null;

  @IntegerField(0, Number.MAX_SAFE_INTEGER, {
    description:
      'Revision of the client\u2019s stream this state is as of: messages of the client on crm.client-events.v1 with a streamrevision up to it are already in it.',
  })
  streamrevision!: number;

  @PatternField(POSITION_PATTERN, 'must be a decimal position', {
    description: 'Global log position of that event (decimal string, 64-bit).',
  })
  globalposition!: string;

  @InstantField({ description: 'When the store recorded that event.' })
  recordedat!: string;
}
