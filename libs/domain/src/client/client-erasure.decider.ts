import { ruleViolation } from '../common/domain-error';
import type { EraseClientPersonalData } from './client.commands';
import type { ClientEvent } from './client.events';
import { ERASED, erasedContact } from './client.personal-data';
import type { ExistingClientState } from './client.state';
import { requireText } from './validation';

/**
 * After erasure nothing may record new personal data about the client (docs/decisions.md §22: no
 * contact on an erased client); checked once the input is known valid, before duplicates are looked up.
 */
export const refuseIfErased = (state: ExistingClientState, what: string): void => {
  if (state.personalDataErased) {
    throw ruleViolation(
      'CLIENT.PERSONAL_DATA_ERASED',
      `the personal data of client ${state.clientId} was erased: ${what} is refused`,
    );
  }
};

/** Repeating an erasure appends nothing, so a retried DELETE answers like the first one. */
export const erasePersonalData = (
  { data, metadata }: EraseClientPersonalData,
  state: ExistingClientState,
): ClientEvent[] => {
  const basis = requireText(data.basis, 'basis');
  if (state.personalDataErased) return [];
  const requestedBy = requireText(metadata.actor.userId, 'requestedBy');
  return [{ type: 'PersonalDataErased', data: { requestedBy, basis } }];
};

/** Cached states (StreamStateCache, in every process that folds this event) forget the profile. */
export const applyPersonalDataErased = (state: ExistingClientState): ExistingClientState => ({
  ...state,
  personalDataErased: true,
  profile: {
    legalName: ERASED,
    registrationNo: ERASED,
    industry: state.profile.industry,
    contact: erasedContact(state.profile.contact),
  },
});
