import { CONTACT_CHANNELS, CONTACT_PURPOSES, type ContactChannel, type ContactPurpose } from '@crm/domain';
import { CodeField, EnumField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class ContactLoggedV1Data {
  @IdField({ description: 'Id of the contact; FollowUpCompleted refers to it.' })
  contactId!: string;

  @CodeField({ description: 'Manager who made the contact.' })
  managerId!: string;

  @EnumField(CONTACT_CHANNELS, { description: 'How the client was contacted.' })
  channel!: ContactChannel;

  @EnumField(CONTACT_PURPOSES, { description: 'What the contact was for.' })
  purpose!: ContactPurpose;

  @InstantField({ description: 'When the contact took place.' })
  occurredAt!: string;

  @InstantField({ optional: true, description: 'When a follow-up is due, if one was agreed.' })
  followUpDue?: string;
}

export const contactLoggedV1 = defineContract({
  eventType: 'ContactLogged',
  description: 'A manager logged a contact with the client. The summary is free text and not published.',
  dataClass: ContactLoggedV1Data,
  toData: (data) => ({
    contactId: data.contactId,
    managerId: data.managerId,
    channel: data.channel,
    purpose: data.purpose,
    occurredAt: data.occurredAt,
    ...whenPresent('followUpDue', data.followUpDue),
  }),
});
