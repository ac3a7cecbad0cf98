import { conflict, invalid, notFound, ruleViolation } from '../common/domain-error';
import { FingerprintSet } from '../common/fingerprint-set';
import { CONTACT_CHANNELS, CONTACT_PURPOSES } from '../common/scales';
import type { CompleteFollowUp, LogContact } from './client.commands';
import type { ClientEvent, ContactLogged, FollowUpCompleted } from './client.events';
import type { ContactsState, ExistingClientState } from './client.state';
import { completedVisit } from './client-agenda.decider';
import { requireActiveManager } from './client-coverage.decider';
import { refuseIfErased } from './client-erasure.decider';
import { requireIsoTime, requireOn, requireText } from './validation';

export const logContact = ({ data, metadata }: LogContact, state: ExistingClientState): ClientEvent[] => {
  const contactId = requireText(data.contactId, 'contactId');
  const managerId = requireText(data.managerId, 'managerId');
  const channel = requireOn(CONTACT_CHANNELS, data.channel, 'channel');
  const purpose = requireOn(CONTACT_PURPOSES, data.purpose, 'purpose');
  const summary = requireText(data.summary, 'summary');
  const occurredAt = requireIsoTime(data.occurredAt, 'occurredAt');
  if (occurredAt > requireIsoTime(metadata.now, 'now')) {
    throw invalid('CLIENT.INVALID_VALUE', 'occurredAt must not be in the future', 'occurredAt');
  }
  if (data.followUpDue !== undefined && requireIsoTime(data.followUpDue, 'followUpDue') <= occurredAt) {
    throw invalid('CLIENT.INVALID_VALUE', 'followUpDue must be after occurredAt', 'followUpDue');
  }
  refuseIfErased(state, 'logging a contact');
  // Checked before the manager so a retried command reports the duplicate, not a later departure.
  if (state.contacts.logged.has(contactId))
    throw conflict('CONTACT.ALREADY_LOGGED', `contact ${contactId} is already logged`);
  requireActiveManager(managerId, data.manager);
  const visit =
    data.visitId === undefined
      ? []
      : [completedVisit(state, requireText(data.visitId, 'visitId'), contactId, metadata.now)];

  return [
    {
      type: 'ContactLogged',
      data: {
        contactId,
        managerId,
        channel,
        purpose,
        summary,
        occurredAt: data.occurredAt,
        ...(data.followUpDue === undefined ? {} : { followUpDue: data.followUpDue }),
      },
    },
    ...visit,
  ];
};

export const completeFollowUp = ({ data, metadata }: CompleteFollowUp, state: ExistingClientState): ClientEvent[] => {
  const contactId = requireText(data.contactId, 'contactId');
  const { logged, withFollowUp, followUpsCompleted } = state.contacts;
  if (!logged.has(contactId)) throw notFound('CONTACT.NOT_FOUND', `contact ${contactId} does not exist`);
  if (!withFollowUp.has(contactId)) {
    throw ruleViolation('CONTACT.FOLLOW_UP_NOT_DUE', `contact ${contactId} has no follow-up`, 'contactId');
  }
  if (followUpsCompleted.has(contactId)) {
    throw conflict('CONTACT.FOLLOW_UP_ALREADY_COMPLETED', `follow-up of contact ${contactId} is already completed`);
  }
  return [{ type: 'FollowUpCompleted', data: { contactId, completedAt: metadata.now } }];
};

export const noContacts: ContactsState = {
  logged: FingerprintSet.empty(),
  withFollowUp: FingerprintSet.empty(),
  followUpsCompleted: FingerprintSet.empty(),
};

export const applyContactLogged = (state: ExistingClientState, { data }: ContactLogged): ExistingClientState => {
  const { logged, withFollowUp } = state.contacts;
  return {
    ...state,
    contacts: {
      ...state.contacts,
      logged: logged.with(data.contactId),
      withFollowUp: data.followUpDue === undefined ? withFollowUp : withFollowUp.with(data.contactId),
    },
  };
};

export const applyFollowUpCompleted = (
  state: ExistingClientState,
  { data }: FollowUpCompleted,
): ExistingClientState => {
  // An event about a contact the state does not hold is ignored, so evolve stays total.
  const { logged, followUpsCompleted } = state.contacts;
  if (!logged.has(data.contactId)) return state;
  return { ...state, contacts: { ...state.contacts, followUpsCompleted: followUpsCompleted.with(data.contactId) } };
};
