import type { ProfileChanges } from '@crm/domain';
import { EnumSetField, LabelField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

/** The profile fields a change can touch, in a fixed order so messages are stable. */
export const PROFILE_FIELDS = ['legalName', 'registrationNo', 'industry', 'contact'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export class ClientProfileUpdatedV1Data {
  @EnumSetField(PROFILE_FIELDS, {
    description: 'Which profile fields changed. Only industry is published; ask the API for the others.',
  })
  changedFields!: ProfileField[];

  @LabelField(100, { optional: true, description: 'The new industry, present exactly when industry changed.' })
  industry?: string;
}

/**
 * Which fields changed is read from the keys of `changes` alone: the values of personal fields
 * are never touched, so this keeps working once they are stored encrypted.
 */
const changedFieldsOf = (changes: object): ProfileField[] =>
  PROFILE_FIELDS.filter((field) => Object.hasOwn(changes, field));

export const clientProfileUpdatedV1 = defineContract({
  eventType: 'ClientProfileUpdated',
  description:
    'Profile fields of a client changed. Only the names of the changed fields and a new industry are published.',
  dataClass: ClientProfileUpdatedV1Data,
  toData: ({ changes }) => {
    const given: ProfileChanges = typeof changes === 'object' && changes !== null ? changes : {};
    return {
      changedFields: changedFieldsOf(given),
      ...whenPresent('industry', Object.hasOwn(given, 'industry') ? given.industry : undefined),
    };
  },
});
