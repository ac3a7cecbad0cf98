import type { ManagerSnapshot } from '../manager/manager.state';
import { noAgenda } from './client-agenda.decider';
import { noOpportunities } from './client-pipeline.decider';
import { noTeam } from './client-team.decider';
import { conflict, invalid, ruleViolation } from '../common/domain-error';
import { FingerprintSet } from '../common/fingerprint-set';
import { SEGMENTS } from '../common/scales';
import type { ConvertProspect, RegisterProspect, UpdateProfile } from './client.commands';
import type {
  ClientEvent,
  ClientProfileUpdated,
  ContactDetails,
  ProfileChanges,
  ProspectConverted,
  ProspectRegistered,
} from './client.events';
import type { ClientState, ExistingClientState } from './client.state';
import { noContacts } from './client-contacts.decider';
import { refuseIfErased } from './client-erasure.decider';
import { emptyEntries } from './state-collections';
import { optionalText, requireOn, requireText } from './validation';

/** A prospect that became a client: credit, products and surveys exist only for these. */
export type ConvertedClientState = ExistingClientState & Readonly<{ status: 'client' }>;

export const requireConverted = (state: ExistingClientState): ConvertedClientState => {
  if (state.status !== 'client') {
    throw ruleViolation('CLIENT.NOT_CONVERTED', `client ${state.clientId} is still a prospect`);
  }
  return state as ConvertedClientState;
};

const requireContactDetails = (value: unknown, field: string): ContactDetails => {
  if (typeof value !== 'object' || value === null) {
    throw invalid('CLIENT.INVALID_VALUE', `${field} must be an object`, field);
  }
  const { phone, email } = value as { phone?: unknown; email?: unknown };
  const checkedPhone = optionalText(phone, `${field}.phone`);
  const checkedEmail = optionalText(email, `${field}.email`);
  if (checkedPhone === undefined && checkedEmail === undefined) {
    throw invalid('CLIENT.INVALID_VALUE', `${field} needs a phone or an email`, field);
  }
  return {
    ...(checkedPhone === undefined ? {} : { phone: checkedPhone }),
    ...(checkedEmail === undefined ? {} : { email: checkedEmail }),
  };
};

const sameContact = (a: ContactDetails, b: ContactDetails): boolean => a.phone === b.phone && a.email === b.email;

export const registerProspect = ({ data }: RegisterProspect, state: ClientState): ClientEvent[] => {
  if (state.status !== 'none') throw conflict('CLIENT.ALREADY_EXISTS', `client ${state.clientId} already exists`);
  const referredBy = optionalText(data.referredBy, 'referredBy');
  return [
    {
      type: 'ProspectRegistered',
      data: {
        clientId: requireText(data.clientId, 'clientId'),
        branchId: requireText(data.branchId, 'branchId'),
        segment: requireOn(SEGMENTS, data.segment, 'segment'),
        industry: requireText(data.industry, 'industry'),
        legalName: requireText(data.legalName, 'legalName'),
        registrationNo: requireText(data.registrationNo, 'registrationNo'),
        contact: requireContactDetails(data.contact, 'contact'),
        source: requireText(data.source, 'source'),
        ...(referredBy === undefined ? {} : { referredBy }),
      },
    },
    ...coverByRegisteringManager(data.registeringManager),
  ];
};

const coverByRegisteringManager = (manager: ManagerSnapshot | null | undefined): ClientEvent[] =>
  manager === null || manager === undefined || !manager.active
    ? []
    : [
        {
          type: 'ManagerAssigned',
          data: { managerId: manager.managerId, managerLevel: manager.level, reason: 'registered the prospect' },
        },
      ];

export const convertProspect = ({ data, metadata }: ConvertProspect, state: ExistingClientState): ClientEvent[] => {
  if (state.status === 'client') {
    throw conflict('CLIENT.ALREADY_CONVERTED', `client ${state.clientId} is already converted`);
  }
  const firstProductCode = optionalText(data.firstProductCode, 'firstProductCode');
  return [
    {
      type: 'ProspectConverted',
      data: { convertedAt: metadata.now, ...(firstProductCode === undefined ? {} : { firstProductCode }) },
    },
  ];
};

export const updateProfile = ({ data }: UpdateProfile, state: ExistingClientState): ClientEvent[] => {
  const changes: unknown = data.changes;
  if (typeof changes !== 'object' || changes === null) {
    throw invalid('CLIENT.INVALID_VALUE', 'changes must be an object', 'changes');
  }
  const { legalName, registrationNo, industry, contact } = changes as Record<keyof ProfileChanges, unknown>;
  if ([legalName, registrationNo, industry, contact].every((value) => value === undefined)) {
    throw invalid('CLIENT.NO_CHANGE', 'changes must contain at least one field', 'changes');
  }

  const next = {
    legalName: optionalText(legalName, 'changes.legalName'),
    registrationNo: optionalText(registrationNo, 'changes.registrationNo'),
    industry: optionalText(industry, 'changes.industry'),
    contact: contact === undefined ? undefined : requireContactDetails(contact, 'changes.contact'),
  };
  // Industry is a business classification, not personal: it may still change after erasure.
  if (next.legalName !== undefined || next.registrationNo !== undefined || next.contact !== undefined) {
    refuseIfErased(state, 'a change of name, registration number or contact details');
  }
  const { profile } = state;
  const effective: ProfileChanges = {
    ...(next.legalName === undefined || next.legalName === profile.legalName ? {} : { legalName: next.legalName }),
    ...(next.registrationNo === undefined || next.registrationNo === profile.registrationNo
      ? {}
      : { registrationNo: next.registrationNo }),
    ...(next.industry === undefined || next.industry === profile.industry ? {} : { industry: next.industry }),
    ...(next.contact === undefined || sameContact(next.contact, profile.contact) ? {} : { contact: next.contact }),
  };
  if (Object.keys(effective).length === 0) return [];
  return [{ type: 'ClientProfileUpdated', data: { changes: effective } }];
};

export const applyProspectRegistered = ({ data }: ProspectRegistered): ExistingClientState => ({
  status: 'prospect',
  clientId: data.clientId,
  branchId: data.branchId,
  segment: data.segment,
  profile: {
    legalName: data.legalName,
    registrationNo: data.registrationNo,
    industry: data.industry,
    contact: data.contact,
  },
  convertedAt: null,
  manager: null,
  tier: null,
  rating: null,
  classification: null,
  facilities: emptyEntries(),
  riskFlags: emptyEntries(),
  contacts: noContacts,
  holdings: emptyEntries(),
  complaints: emptyEntries(),
  surveyIds: FingerprintSet.empty(),
  feedback: emptyEntries(),
  personalDataErased: false,
  group: null,
  creditProposals: emptyEntries(),
  agenda: noAgenda(),
  opportunities: noOpportunities(),
  team: noTeam,
});

export const applyProspectConverted = (
  state: ExistingClientState,
  { data }: ProspectConverted,
): ExistingClientState => ({
  ...state,
  status: 'client',
  convertedAt: data.convertedAt,
});

export const applyClientProfileUpdated = (
  state: ExistingClientState,
  { data: { changes } }: ClientProfileUpdated,
): ExistingClientState => ({
  ...state,
  profile: {
    legalName: changes.legalName ?? state.profile.legalName,
    registrationNo: changes.registrationNo ?? state.profile.registrationNo,
    industry: changes.industry ?? state.profile.industry,
    contact: changes.contact ?? state.profile.contact,
  },
});
