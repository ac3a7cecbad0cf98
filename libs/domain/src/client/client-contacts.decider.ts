import { conflict, invalid, notFound, ruleViolation } from '../common/domain-error';
import { CONTACT_CHANNELS, CONTACT_PURPOSES } from '../common/scales';
import type { CompleteFollowUp, LogContact } from './client.commands';
import type { ClientEvent, ContactLogged, FollowUpCompleted } from './client.events';
import type { ExistingClientState } from './client.state';
import { requireActiveManager } from './client-coverage.decider';
import { refuseIfErased } from './client-erasure.decider';
import { updateEntry, withEntry } from './state-collections';
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
  if (state.contacts.has(contactId)) throw conflict('CONTACT.ALREADY_LOGGED', `contact ${contactId} is already logged`);
  requireActiveManager(managerId, data.manager);

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
  ];
};

export const completeFollowUp = ({ data, metadata }: CompleteFollowUp, state: ExistingClientState): ClientEvent[] => {
  const contactId = requireText(data.contactId, 'contactId');
  const contact = state.contacts.get(contactId);
  if (contact === undefined) throw notFound('CONTACT.NOT_FOUND', `contact ${contactId} does not exist`);
  if (contact.followUpDue === null) {
    throw ruleViolation('CONTACT.FOLLOW_UP_NOT_DUE', `contact ${contactId} has no follow-up`, 'contactId');
  }
  if (contact.followUpCompletedAt !== null) {
    throw conflict('CONTACT.FOLLOW_UP_ALREADY_COMPLETED', `follow-up of contact ${contactId} is already completed`);
  }
  return [{ type: 'FollowUpCompleted', data: { contactId, completedAt: metadata.now } }];
};

export const applyContactLogged = (state: ExistingClientState, { data }: ContactLogged): ExistingClientState => ({
  ...state,
  contacts: withEntry(state.contacts, data.contactId, {
    managerId: data.managerId,
    occurredAt: data.occurredAt,
    followUpDue: data.followUpDue ?? null,
    followUpCompletedAt: null,
  }),
});

export const applyFollowUpCompleted = (
  state: ExistingClientState,
  { data }: FollowUpCompleted,
): ExistingClientState => ({
  ...state,
  contacts: updateEntry(state.contacts, data.contactId, (contact) => ({
    ...contact,
    followUpCompletedAt: data.completedAt,
  })),
});
