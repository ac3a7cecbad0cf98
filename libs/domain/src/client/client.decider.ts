import type { Decider } from '../shared/decider';
import { assertNever } from '../shared/decider';
import { compareDecimal } from '../shared/decimal';
import { conflict, invalid, notFound, ruleViolation } from '../shared/domain-error';
import {
  canCoverCoreClient,
  CLIENT_TIERS,
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  CREDIT_RATINGS,
  FEEDBACK_DEPARTMENTS,
  LOAN_CLASSIFICATIONS,
  PRODUCT_CATEGORIES,
  rank,
  RISK_FLAG_TYPES,
  SEGMENTS,
  SEVERITIES,
  SURVEY_KINDS,
  SURVEY_SCORE_RANGE,
} from '../shared/scales';
import type { ManagerSnapshot } from '../manager/manager.state';
import type {
  AssignManager,
  ChangeCreditRating,
  ChangeLoanClassification,
  ChangeTier,
  ClearPastDue,
  ClearRiskFlag,
  ClientCommand,
  CloseProductHolding,
  CompleteFollowUp,
  ConvertProspect,
  EraseClientPersonalData,
  ForwardFeedback,
  LogContact,
  OpenProductHolding,
  RaiseRiskFlag,
  ReceiveComplaint,
  RecordSatisfaction,
  RegisterProspect,
  ReportFinancials,
  ReportPastDue,
  ReportUtilisation,
  ResolveComplaint,
  SetCreditLimit,
  UpdateProfile,
} from './client.commands';
import type { ClientEvent, ContactDetails, ProfileChanges } from './client.events';
import { ERASED, erasedContact } from './client.personal-data';
import type { ClientState, ExistingClientState } from './client.state';
import { initialClientState } from './client.state';
import {
  optionalText,
  requireCurrency,
  requireDecimal,
  requireInteger,
  requireIsoTime,
  requireOn,
  requireSignedDecimal,
  requireText,
} from './validation';

type Existing = ExistingClientState;
type Converted = ExistingClientState & Readonly<{ status: 'client' }>;

// ---------------------------------------------------------------------------------------------
// decide
// ---------------------------------------------------------------------------------------------

export const decideClient = (command: ClientCommand, state: ClientState): ClientEvent[] => {
  if (command.type === 'RegisterProspect') return registerProspect(command, state);
  if (state.status === 'none') throw notFound('CLIENT.NOT_FOUND', 'client does not exist');

  switch (command.type) {
    case 'ConvertProspect':
      return convertProspect(command, state);
    case 'UpdateProfile':
      return updateProfile(command, state);
    case 'AssignManager':
      return assignManager(command, state);
    case 'ChangeTier':
      return changeTier(command, state);
    case 'LogContact':
      return logContact(command, state);
    case 'CompleteFollowUp':
      return completeFollowUp(command, state);
    case 'ForwardFeedback':
      return forwardFeedback(command, state);
    case 'ReportFinancials':
      requireConverted(state);
      return reportFinancials(command);
    case 'ChangeCreditRating':
      return changeCreditRating(command, requireConverted(state));
    case 'ChangeLoanClassification':
      return changeLoanClassification(command, requireConverted(state));
    case 'SetCreditLimit':
      return setCreditLimit(command, requireConverted(state));
    case 'ReportUtilisation':
      return reportUtilisation(command, requireConverted(state));
    case 'ReportPastDue':
      return reportPastDue(command, requireConverted(state));
    case 'ClearPastDue':
      return clearPastDue(command, requireConverted(state));
    case 'RaiseRiskFlag':
      return raiseRiskFlag(command, state);
    case 'ClearRiskFlag':
      return clearRiskFlag(command, state);
    case 'OpenProductHolding':
      return openProductHolding(command, requireConverted(state));
    case 'CloseProductHolding':
      return closeProductHolding(command, requireConverted(state));
    case 'RecordSatisfaction':
      return recordSatisfaction(command, requireConverted(state));
    case 'ReceiveComplaint':
      return receiveComplaint(command, state);
    case 'ResolveComplaint':
      return resolveComplaint(command, state);
    case 'EraseClientPersonalData':
      return erasePersonalData(command, state);
    default:
      return assertNever(command);
  }
};

const requireConverted = (state: Existing): Converted => {
  if (state.status !== 'client') {
    throw ruleViolation('CLIENT.NOT_CONVERTED', `client ${state.clientId} is still a prospect`);
  }
  return state as Converted;
};

/**
 * After erasure nothing may record new personal data about the client (docs/decisions.md §22);
 * checked once the input is known valid, before duplicates are looked up.
 */
const refuseIfErased = (state: Existing, what: string): void => {
  if (state.personalDataErased) {
    throw ruleViolation('CLIENT.PERSONAL_DATA_ERASED', `the personal data of client ${state.clientId} was erased: ${what} is refused`);
  }
};

/** Validates a command's manager snapshot; the snapshot is null when the manager stream is empty. */
const requireActiveManager = (managerId: string, manager: ManagerSnapshot | null): ManagerSnapshot => {
  if (manager === null) throw notFound('MANAGER.NOT_FOUND', `manager ${managerId} does not exist`);
  // A snapshot of another manager means the handler loaded the wrong stream; refuse rather than guess.
  if (manager.managerId !== managerId) {
    throw invalid('CLIENT.INVALID_VALUE', 'manager snapshot does not match managerId', 'managerId');
  }
  if (!manager.active) throw ruleViolation('MANAGER.INACTIVE', `manager ${managerId} is no longer active`, 'managerId');
  return manager;
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

const registerProspect = ({ data }: RegisterProspect, state: ClientState): ClientEvent[] => {
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
  ];
};

const convertProspect = ({ data, metadata }: ConvertProspect, state: Existing): ClientEvent[] => {
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

const updateProfile = ({ data }: UpdateProfile, state: Existing): ClientEvent[] => {
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

const assignManager = ({ data }: AssignManager, state: Existing): ClientEvent[] => {
  const managerId = requireText(data.managerId, 'managerId');
  const reason = requireText(data.reason, 'reason');
  const manager = requireActiveManager(managerId, data.manager);
  if (state.manager?.managerId === managerId) return [];
  if (state.tier === 'core' && !canCoverCoreClient(manager.level)) {
    throw ruleViolation(
      'CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER',
      `a core client needs a senior or principal manager, not ${manager.level}`,
      'managerId',
    );
  }
  return [
    {
      type: 'ManagerAssigned',
      data: {
        managerId,
        managerLevel: manager.level,
        ...(state.manager === null ? {} : { previousManagerId: state.manager.managerId }),
        reason,
      },
    },
  ];
};

const changeTier = ({ data }: ChangeTier, state: Existing): ClientEvent[] => {
  const tier = requireOn(CLIENT_TIERS, data.tier, 'tier');
  const reason = requireText(data.reason, 'reason');
  const annualContribution =
    data.annualContribution === undefined ? undefined : requireDecimal(data.annualContribution, 'annualContribution');
  if (state.tier === tier) return [];

  if (tier === 'core') {
    if (state.manager === null) {
      throw ruleViolation('CLIENT.MANAGER_REQUIRED', 'a core client needs an assigned manager', 'tier');
    }
    const snapshot = data.currentManager;
    // Prefer the manager's live level (a demotion after assignment counts); fall back to the level
    // recorded at assignment when the handler could not load a snapshot of that manager.
    const live = snapshot?.managerId === state.manager.managerId ? snapshot : null;
    if (live !== null && !live.active) {
      throw ruleViolation('MANAGER.INACTIVE', `manager ${live.managerId} is no longer active`, 'tier');
    }
    const level = live?.level ?? state.manager.level;
    if (!canCoverCoreClient(level)) {
      throw ruleViolation(
        'CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER',
        `a core client needs a senior or principal manager, not ${level}`,
        'tier',
      );
    }
  }

  return [
    {
      type: 'ClientTierChanged',
      data: {
        from: state.tier,
        to: tier,
        ...(annualContribution === undefined ? {} : { annualContribution }),
        reason,
      },
    },
  ];
};

const logContact = ({ data, metadata }: LogContact, state: Existing): ClientEvent[] => {
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

const completeFollowUp = ({ data, metadata }: CompleteFollowUp, state: Existing): ClientEvent[] => {
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

const forwardFeedback = ({ data }: ForwardFeedback, state: Existing): ClientEvent[] => {
  const feedbackId = requireText(data.feedbackId, 'feedbackId');
  const department = requireOn(FEEDBACK_DEPARTMENTS, data.department, 'department');
  const productCode = optionalText(data.productCode, 'productCode');
  const text = requireText(data.text, 'text');
  refuseIfErased(state, 'forwarding feedback');
  // There is no error code for a repeated feedback id: a redelivered command is simply absorbed.
  if (state.feedbackIds.has(feedbackId)) return [];
  return [
    {
      type: 'FeedbackForwarded',
      data: { feedbackId, department, ...(productCode === undefined ? {} : { productCode }), text },
    },
  ];
};

const reportFinancials = ({ data }: ReportFinancials): ClientEvent[] => [
  {
    type: 'FinancialsReported',
    data: {
      period: requireText(data.period, 'period'),
      revenue: requireDecimal(data.revenue, 'revenue'),
      netProfit: requireSignedDecimal(data.netProfit, 'netProfit'),
      totalAssets: requireDecimal(data.totalAssets, 'totalAssets'),
      totalLiabilities: requireDecimal(data.totalLiabilities, 'totalLiabilities'),
      currency: requireCurrency(data.currency),
    },
  },
];

const changeCreditRating = ({ data }: ChangeCreditRating, state: Converted): ClientEvent[] => {
  const rating = requireOn(CREDIT_RATINGS, data.rating, 'rating');
  const reason = requireText(data.reason, 'reason');
  if (state.rating === rating) return [];
  const notches = state.rating === null ? 0 : rank(CREDIT_RATINGS, rating) - rank(CREDIT_RATINGS, state.rating);
  return [{ type: 'CreditRatingChanged', data: { from: state.rating, to: rating, notches, reason } }];
};

const changeLoanClassification = ({ data }: ChangeLoanClassification, state: Converted): ClientEvent[] => {
  const classification = requireOn(LOAN_CLASSIFICATIONS, data.classification, 'classification');
  const reason = requireText(data.reason, 'reason');
  if (state.classification === classification) return [];
  return [{ type: 'LoanClassificationChanged', data: { from: state.classification, to: classification, reason } }];
};

const setCreditLimit = ({ data }: SetCreditLimit, state: Converted): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  const limit = requireDecimal(data.limit, 'limit');
  const currency = requireCurrency(data.currency);
  const facility = state.facilities.get(facilityId);
  if (facility !== undefined) {
    if (facility.currency !== currency) {
      throw ruleViolation(
        'FACILITY.CURRENCY_MISMATCH',
        `facility ${facilityId} is in ${facility.currency}, not ${currency}`,
        'currency',
      );
    }
    // Numeric comparison so "100" and "100.00" count as the same limit.
    if (compareDecimal(facility.limit, limit) === 0) return [];
  }
  return [{ type: 'CreditLimitSet', data: { facilityId, limit, currency } }];
};

const requireFacility = (state: Converted, facilityId: string) => {
  const facility = state.facilities.get(facilityId);
  if (facility === undefined) throw notFound('FACILITY.NOT_FOUND', `facility ${facilityId} does not exist`);
  return facility;
};

const reportUtilisation = ({ data }: ReportUtilisation, state: Converted): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  const drawn = requireDecimal(data.drawn, 'drawn');
  requireFacility(state, facilityId);
  return [{ type: 'CreditUtilisationReported', data: { facilityId, drawn } }];
};

const reportPastDue = ({ data }: ReportPastDue, state: Converted): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  const daysPastDue = requireInteger(data.daysPastDue, 'daysPastDue', 1, Number.MAX_SAFE_INTEGER);
  const amountOverdue = requireDecimal(data.amountOverdue, 'amountOverdue');
  requireFacility(state, facilityId);
  return [{ type: 'PaymentPastDue', data: { facilityId, daysPastDue, amountOverdue } }];
};

const clearPastDue = ({ data }: ClearPastDue, state: Converted): ClientEvent[] => {
  const facilityId = requireText(data.facilityId, 'facilityId');
  if (requireFacility(state, facilityId).daysPastDue === 0) {
    throw ruleViolation('FACILITY.NOT_PAST_DUE', `facility ${facilityId} is not past due`, 'facilityId');
  }
  return [{ type: 'PastDueCleared', data: { facilityId } }];
};

const raiseRiskFlag = ({ data }: RaiseRiskFlag, state: Existing): ClientEvent[] => {
  const flagId = requireText(data.flagId, 'flagId');
  const type = requireOn(RISK_FLAG_TYPES, data.type, 'type');
  const severity = requireOn(SEVERITIES, data.severity, 'severity');
  const note = requireText(data.note, 'note');
  refuseIfErased(state, 'a risk flag with a note');
  if (state.riskFlags.has(flagId)) throw conflict('RISK_FLAG.ALREADY_RAISED', `risk flag ${flagId} is already raised`);
  return [{ type: 'RiskFlagRaised', data: { flagId, type, severity, note } }];
};

const clearRiskFlag = ({ data }: ClearRiskFlag, state: Existing): ClientEvent[] => {
  const flagId = requireText(data.flagId, 'flagId');
  const reason = requireText(data.reason, 'reason');
  const flag = state.riskFlags.get(flagId);
  if (flag === undefined) throw notFound('RISK_FLAG.NOT_FOUND', `risk flag ${flagId} does not exist`);
  if (flag.status === 'cleared') throw conflict('RISK_FLAG.ALREADY_CLEARED', `risk flag ${flagId} is already cleared`);
  return [{ type: 'RiskFlagCleared', data: { flagId, reason } }];
};

const openProductHolding = ({ data }: OpenProductHolding, state: Converted): ClientEvent[] => {
  const holdingId = requireText(data.holdingId, 'holdingId');
  const productCode = requireText(data.productCode, 'productCode');
  const category = requireOn(PRODUCT_CATEGORIES, data.category, 'category');
  const amount = requireDecimal(data.amount, 'amount');
  if (state.holdings.has(holdingId)) {
    throw conflict('PRODUCT.ALREADY_OPENED', `product holding ${holdingId} is already opened`);
  }
  return [{ type: 'ProductHoldingOpened', data: { holdingId, productCode, category, amount } }];
};

const closeProductHolding = ({ data }: CloseProductHolding, state: Converted): ClientEvent[] => {
  const holdingId = requireText(data.holdingId, 'holdingId');
  const reason = requireText(data.reason, 'reason');
  const holding = state.holdings.get(holdingId);
  if (holding === undefined) throw notFound('PRODUCT.NOT_FOUND', `product holding ${holdingId} does not exist`);
  if (holding.status === 'closed') {
    throw conflict('PRODUCT.ALREADY_CLOSED', `product holding ${holdingId} is already closed`);
  }
  return [{ type: 'ProductHoldingClosed', data: { holdingId, reason } }];
};

const recordSatisfaction = ({ data }: RecordSatisfaction, state: Converted): ClientEvent[] => {
  const surveyId = requireText(data.surveyId, 'surveyId');
  const kind = requireOn(SURVEY_KINDS, data.kind, 'kind');
  const [min, max] = SURVEY_SCORE_RANGE[kind];
  const score = requireInteger(data.score, 'score', min, max);
  const comment = requireText(data.comment, 'comment');
  const managerId = requireText(data.managerId, 'managerId');
  refuseIfErased(state, 'a survey comment');
  // No error code exists for a repeated survey id: a redelivered survey result is absorbed.
  if (state.surveyIds.has(surveyId)) return [];
  return [{ type: 'SatisfactionRecorded', data: { surveyId, kind, score, comment, managerId } }];
};

const receiveComplaint = ({ data }: ReceiveComplaint, state: Existing): ClientEvent[] => {
  const complaintId = requireText(data.complaintId, 'complaintId');
  const category = requireText(data.category, 'category');
  const text = requireText(data.text, 'text');
  refuseIfErased(state, 'receiving a complaint');
  if (state.complaints.has(complaintId)) {
    throw conflict('COMPLAINT.ALREADY_RECEIVED', `complaint ${complaintId} is already received`);
  }
  return [{ type: 'ComplaintReceived', data: { complaintId, category, text } }];
};

const resolveComplaint = ({ data }: ResolveComplaint, state: Existing): ClientEvent[] => {
  const complaintId = requireText(data.complaintId, 'complaintId');
  const resolution = requireText(data.resolution, 'resolution');
  const complaint = state.complaints.get(complaintId);
  if (complaint === undefined) throw notFound('COMPLAINT.NOT_FOUND', `complaint ${complaintId} does not exist`);
  if (complaint.status === 'resolved') {
    throw conflict('COMPLAINT.ALREADY_RESOLVED', `complaint ${complaintId} is already resolved`);
  }
  return [{ type: 'ComplaintResolved', data: { complaintId, resolution } }];
};

/** Repeating an erasure appends nothing, so a retried DELETE answers like the first one. */
const erasePersonalData = ({ data, metadata }: EraseClientPersonalData, state: Existing): ClientEvent[] => {
  const basis = requireText(data.basis, 'basis');
  if (state.personalDataErased) return [];
  return [{ type: 'PersonalDataErased', data: { requestedBy: requireText(metadata.actor.userId, 'requestedBy'), basis } }];
};

// ---------------------------------------------------------------------------------------------
// evolve
// ---------------------------------------------------------------------------------------------

const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> =>
  new Map(map).set(key, value);

/** Updates an existing entry; an event about an unknown entry is ignored so evolve stays total. */
const updateEntry = <V>(map: ReadonlyMap<string, V>, key: string, update: (value: V) => V): ReadonlyMap<string, V> => {
  const current = map.get(key);
  return current === undefined ? map : withEntry(map, key, update(current));
};

const withMember = (set: ReadonlySet<string>, value: string): ReadonlySet<string> => new Set(set).add(value);

export const evolveClient = (state: ClientState, event: ClientEvent): ClientState => {
  if (event.type === 'ProspectRegistered') {
    const { data } = event;
    return {
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
      facilities: new Map(),
      riskFlags: new Map(),
      contacts: new Map(),
      holdings: new Map(),
      complaints: new Map(),
      surveyIds: new Set(),
      feedbackIds: new Set(),
      personalDataErased: false,
    };
  }
  // Facts about a client that was never registered cannot come from this decider; ignore them.
  if (state.status === 'none') return state;

  switch (event.type) {
    case 'ProspectConverted':
      return { ...state, status: 'client', convertedAt: event.data.convertedAt };
    case 'ClientProfileUpdated': {
      const { changes } = event.data;
      return {
        ...state,
        profile: {
          legalName: changes.legalName ?? state.profile.legalName,
          registrationNo: changes.registrationNo ?? state.profile.registrationNo,
          industry: changes.industry ?? state.profile.industry,
          contact: changes.contact ?? state.profile.contact,
        },
      };
    }
    case 'ManagerAssigned':
      return { ...state, manager: { managerId: event.data.managerId, level: event.data.managerLevel } };
    case 'ClientTierChanged':
      return { ...state, tier: event.data.to };
    case 'ContactLogged':
      return {
        ...state,
        contacts: withEntry(state.contacts, event.data.contactId, {
          managerId: event.data.managerId,
          occurredAt: event.data.occurredAt,
          followUpDue: event.data.followUpDue ?? null,
          followUpCompletedAt: null,
        }),
      };
    case 'FollowUpCompleted':
      return {
        ...state,
        contacts: updateEntry(state.contacts, event.data.contactId, (contact) => ({
          ...contact,
          followUpCompletedAt: event.data.completedAt,
        })),
      };
    case 'FeedbackForwarded':
      return { ...state, feedbackIds: withMember(state.feedbackIds, event.data.feedbackId) };
    case 'FinancialsReported':
      // No invariant depends on reported financials; the risk monitor keeps its own view.
      return state;
    case 'CreditRatingChanged':
      return { ...state, rating: event.data.to };
    case 'LoanClassificationChanged':
      return { ...state, classification: event.data.to };
    case 'CreditLimitSet': {
      const { facilityId, limit, currency } = event.data;
      const existing = state.facilities.get(facilityId);
      return {
        ...state,
        facilities: withEntry(state.facilities, facilityId, {
          limit,
          currency,
          drawn: existing?.drawn ?? '0',
          daysPastDue: existing?.daysPastDue ?? 0,
        }),
      };
    }
    case 'CreditUtilisationReported':
      return {
        ...state,
        facilities: updateEntry(state.facilities, event.data.facilityId, (facility) => ({
          ...facility,
          drawn: event.data.drawn,
        })),
      };
    case 'PaymentPastDue':
      return {
        ...state,
        facilities: updateEntry(state.facilities, event.data.facilityId, (facility) => ({
          ...facility,
          daysPastDue: event.data.daysPastDue,
        })),
      };
    case 'PastDueCleared':
      return {
        ...state,
        facilities: updateEntry(state.facilities, event.data.facilityId, (facility) => ({
          ...facility,
          daysPastDue: 0,
        })),
      };
    case 'RiskFlagRaised':
      return {
        ...state,
        riskFlags: withEntry(state.riskFlags, event.data.flagId, {
          type: event.data.type,
          severity: event.data.severity,
          status: 'open',
        }),
      };
    case 'RiskFlagCleared':
      return {
        ...state,
        riskFlags: updateEntry(state.riskFlags, event.data.flagId, (flag) => ({ ...flag, status: 'cleared' })),
      };
    case 'ProductHoldingOpened':
      return {
        ...state,
        holdings: withEntry(state.holdings, event.data.holdingId, {
          productCode: event.data.productCode,
          category: event.data.category,
          status: 'open',
        }),
      };
    case 'ProductHoldingClosed':
      return {
        ...state,
        holdings: updateEntry(state.holdings, event.data.holdingId, (holding) => ({ ...holding, status: 'closed' })),
      };
    case 'SatisfactionRecorded':
      return { ...state, surveyIds: withMember(state.surveyIds, event.data.surveyId) };
    case 'ComplaintReceived':
      return { ...state, complaints: withEntry(state.complaints, event.data.complaintId, { status: 'open' }) };
    case 'ComplaintResolved':
      return {
        ...state,
        complaints: updateEntry(state.complaints, event.data.complaintId, () => ({ status: 'resolved' })),
      };
    case 'PersonalDataErased':
      // Cached states (StreamStateCache, in every process that folds this event) forget the profile.
      return {
        ...state,
        personalDataErased: true,
        profile: {
          legalName: ERASED,
          registrationNo: ERASED,
          industry: state.profile.industry,
          contact: erasedContact(state.profile.contact),
        },
      };
    default:
      return assertNever(event);
  }
};

export const clientDecider: Decider<ClientState, ClientCommand, ClientEvent> = {
  decide: decideClient,
  evolve: evolveClient,
  initialState: () => initialClientState,
};
