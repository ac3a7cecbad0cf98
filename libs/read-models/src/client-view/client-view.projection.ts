import {
  ERASED,
  erasedContact,
  supersedesLatest,
  type ClientEvent,
  type ContactLogged,
  type HoldingBalanceReported,
  type ProspectRegistered,
} from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import {
  EMPTY_BALANCE_HISTORY,
  isAumHolding,
  withFacilityPoint,
  withHoldingBalance,
  withHoldingClosed,
  type BalanceHistory,
} from './balance-history';
import type { ClientView, ContactsView, FacilityView, OpenFollowUpView, ProductHoldingView } from './client-view';
import { asClientEvent, clientIdOfStream } from './recorded-client-event';
import { AGENDA_CHANGES } from './client-view-agenda';
import { COMPLAINT_CHANGES } from './client-view-complaints';
import { FEEDBACK_CHANGES } from './client-view-feedback';
import { UNCHANGED, type ChangeHandlers, type ViewChanges } from './client-view-changes';
import { OPPORTUNITY_CHANGES } from './client-view-opportunities';
import { TEAM_CHANGES, teamWithoutPrimary } from './client-view-team';

/**
 * Folds one recorded client-stream event into the single-window view. Pure and deterministic:
 * the projector and `clientViewAsOf` share it, so a view rebuilt from the log always equals the
 * projected one. Returns null while the stream has not started with ProspectRegistered.
 */
export const evolveClientView = (view: ClientView | null, recorded: RecordedEvent): ClientView | null => {
  const event = asClientEvent(recorded);
  if (view === null) {
    return event?.type === 'ProspectRegistered' ? registered(event, recorded) : null;
  }
  // A type from a newer build still moves the revision, so ETags and idempotency stay aligned with the stream.
  // One copy per event: the fold runs for every event of a replay, and copying twice (change, then
  // stamp) was a measurable share of its time and garbage.
  return {
    ...view,
    ...(event === null ? UNCHANGED : changesOf(view, event, recorded)),
    revision: recorded.revision,
    position: recorded.position.toString(),
    updatedAt: recorded.recordedAt,
  };
};

const registered = (event: ProspectRegistered, recorded: RecordedEvent): ClientView => ({
  // The stream name is the identity the projector keys views by.
  id: clientIdOfStream(recorded.streamId),
  status: 'prospect',
  branchId: event.data.branchId,
  segment: event.data.segment,
  industry: event.data.industry,
  legalName: event.data.legalName,
  registrationNo: event.data.registrationNo,
  contact: { ...event.data.contact },
  manager: null,
  tier: null,
  annualContribution: null,
  credit: { rating: null, classification: null, facilities: [] },
  riskFlags: [],
  openAlerts: [],
  products: [],
  balanceHistory: EMPTY_BALANCE_HISTORY,
  contacts: { total: 0, last: null, followUpsDue: 0, nextFollowUpDue: null, openFollowUps: [] },
  satisfaction: { lastNps: null, lastCsat: null },
  complaints: { open: 0, openIds: [] },
  financials: null,
  convertedAt: null,
  revision: recorded.revision,
  position: recorded.position.toString(),
  updatedAt: recorded.recordedAt,
});

const withoutProposal = (view: ClientView, proposalId: string): ViewChanges => ({
  pendingCreditChanges: (view.pendingCreditChanges ?? []).filter((pending) => pending.proposalId !== proposalId),
});

const CHANGES: ChangeHandlers = {
  // A stream registers once; a repeated registration carries nothing the view should overwrite.
  ProspectRegistered: () => UNCHANGED,
  ProspectConverted: (event) => ({ status: 'client', convertedAt: event.data.convertedAt }),
  ClientProfileUpdated: (event, view) => {
    const { legalName, registrationNo, industry, contact } = event.data.changes;
    // Only a store without the client's key could still hand an older plaintext change to a view
    // that is already erased (a replay of events scrubbed elsewhere): never bring it back.
    if (view.erasedAt !== undefined) return industry === undefined ? UNCHANGED : { industry };
    return {
      legalName: legalName ?? view.legalName,
      registrationNo: registrationNo ?? view.registrationNo,
      industry: industry ?? view.industry,
      contact: contact === undefined ? view.contact : { ...view.contact, ...contact },
    };
  },
  ManagerAssigned: (event, view) => ({
    manager: { id: event.data.managerId, name: null, level: event.data.managerLevel },
    ...teamWithoutPrimary(view, event.data.managerId),
  }),
  CoverageLapsed: (event, view) =>
    view.manager !== null && view.manager.id === event.data.managerId
      ? { manager: { ...view.manager, departedAt: event.data.departedAt } }
      : UNCHANGED,
  // A regrade without a figure keeps the last reported one: the contribution did not become unknown.
  ClientTierChanged: (event, view) => ({
    tier: event.data.to,
    annualContribution: event.data.annualContribution ?? view.annualContribution,
  }),
  ContactLogged: (event, view) => ({ contacts: contactLogged(view.contacts, event) }),
  FollowUpCompleted: (event, view) => ({
    contacts: withFollowUps(
      view.contacts,
      view.contacts.openFollowUps.filter((f) => f.contactId !== event.data.contactId),
    ),
  }),
  // Where each feedback stands in its department's queue, for the `feedback` read model and the agenda.
  ...FEEDBACK_CHANGES,
  FinancialsReported: (event, view, recorded) => {
    const current = view.financials;
    // Keep the latest period by the domain's one definition (the risk monitor's too); a report for
    // the same period is a restatement and replaces it, one for an earlier period changes nothing.
    if (current !== null && !supersedesLatest(event.data.period, current.period)) return UNCHANGED;
    const { period, revenue, netProfit, totalAssets, totalLiabilities, currency } = event.data;
    return {
      financials: {
        period,
        revenue,
        netProfit,
        totalAssets,
        totalLiabilities,
        currency,
        reportedAt: recorded.recordedAt,
      },
    };
  },
  CreditRatingChanged: (event, view) => ({ credit: { ...view.credit, rating: event.data.to } }),
  LoanClassificationChanged: (event, view) => ({ credit: { ...view.credit, classification: event.data.to } }),
  CreditLimitSet: (event, view, recorded) =>
    withFacility(
      view,
      event.data.facilityId,
      (f) => ({ ...f, limit: event.data.limit, currency: event.data.currency }),
      recorded,
    ),
  FacilityTermsSet: (event, view) =>
    withFacility(view, event.data.facilityId, (f) => ({
      ...f,
      type: event.data.type,
      maturityDate: event.data.maturityDate,
      nextReviewDate: event.data.nextReviewDate,
    })),
  CreditUtilisationReported: (event, view, recorded) =>
    withFacility(view, event.data.facilityId, (f) => ({ ...f, drawn: event.data.drawn }), recorded),
  PaymentPastDue: (event, view) =>
    withFacility(view, event.data.facilityId, (f) => ({
      ...f,
      overdueSince: event.data.overdueSince,
      daysPastDue: event.data.daysPastDue,
      amountOverdue: event.data.amountOverdue,
    })),
  PastDueCleared: (event, view) =>
    withFacility(view, event.data.facilityId, (f) => ({
      ...f,
      overdueSince: null,
      daysPastDue: 0,
      amountOverdue: '0',
    })),
  RiskFlagRaised: (event, view, recorded) => {
    const flag = {
      id: event.data.flagId,
      type: event.data.type,
      severity: event.data.severity,
      raisedAt: recorded.metadata.occurredAt,
    };
    return { riskFlags: [...view.riskFlags.filter((f) => f.id !== flag.id), flag] };
  },
  RiskFlagCleared: (event, view) => ({ riskFlags: view.riskFlags.filter((f) => f.id !== event.data.flagId) }),
  ProductHoldingOpened: (event, view, recorded) => {
    const holding = {
      holdingId: event.data.holdingId,
      productCode: event.data.productCode,
      category: event.data.category,
      amount: event.data.amount,
      openedAt: recorded.metadata.occurredAt,
    };
    return { products: [...view.products.filter((p) => p.holdingId !== holding.holdingId), holding] };
  },
  ProductHoldingClosed: (event, view, recorded) => ({
    products: view.products.filter((p) => p.holdingId !== event.data.holdingId),
    balanceHistory: withHoldingClosed(historyOf(view), event.data.holdingId, recorded.metadata.occurredAt),
  }),
  HoldingBalanceReported: (event, view) => holdingBalanceReported(view, event),
  SatisfactionRecorded: (event, view) => ({
    satisfaction:
      event.data.kind === 'nps'
        ? { ...view.satisfaction, lastNps: event.data.score }
        : { ...view.satisfaction, lastCsat: event.data.score },
  }),
  // The open count, and each complaint's deadlines and outcome for the complaints read model.
  ...COMPLAINT_CHANGES,
  ClientGroupFormed: (event) => ({
    group: {
      id: event.data.groupId,
      role: 'parent',
      name: event.data.name,
      managerId: event.data.managerId,
      members: [],
    },
  }),
  ClientGroupMemberAdded: (event, view) =>
    view.group?.role === 'parent' && !view.group.members.includes(event.data.clientId)
      ? { group: { ...view.group, members: [...view.group.members, event.data.clientId] } }
      : UNCHANGED,
  ClientGroupMemberRemoved: (event, view) =>
    view.group?.role === 'parent'
      ? { group: { ...view.group, members: view.group.members.filter((id) => id !== event.data.clientId) } }
      : UNCHANGED,
  ClientJoinedGroup: (event) => ({ group: { id: event.data.groupId, role: 'member' } }),
  ClientLeftGroup: () => ({ group: null }),
  // A proposal changes nothing of the client until approved (its approval is followed by the
  // change's own event); it shows as pending meanwhile.
  CreditChangeProposed: (event, view) => ({
    pendingCreditChanges: [
      ...(view.pendingCreditChanges ?? []),
      {
        proposalId: event.data.proposalId,
        change: event.data.change,
        proposedBy: event.data.proposedBy,
        proposedAt: event.data.proposedAt,
      },
    ],
  }),
  CreditChangeApproved: (event, view) => withoutProposal(view, event.data.proposalId),
  CreditChangeRejected: (event, view) => withoutProposal(view, event.data.proposalId),
  ...AGENDA_CHANGES,
  ...OPPORTUNITY_CHANGES,
  ...TEAM_CHANGES,
  // The stored document and the search columns derived from it (legal_name, registration_no)
  // are overwritten in the batch's transaction; business facts stay as they are.
  PersonalDataErased: (_event, view, recorded) => ({
    legalName: ERASED,
    registrationNo: ERASED,
    contact: erasedContact(view.contact),
    ...(view.agenda === undefined
      ? {}
      : { agenda: { ...view.agenda, tasks: view.agenda.tasks.map((task) => ({ ...task, title: ERASED })) } }),
    erasedAt: recorded.recordedAt,
  }),
};

const changesOf = (view: ClientView, event: ClientEvent, recorded: RecordedEvent): ViewChanges =>
  (CHANGES[event.type] as (event: ClientEvent, view: ClientView, recorded: RecordedEvent) => ViewChanges)(
    event,
    view,
    recorded,
  );

/** Contacts may be logged after the fact, so "last" is the latest by when it happened, not by log order. */
const contactLogged = (contacts: ContactsView, event: ContactLogged): ContactsView => {
  const { contactId, channel, purpose, occurredAt, followUpDue } = event.data;
  const isLatest = contacts.last === null || Date.parse(occurredAt) >= Date.parse(contacts.last.occurredAt);
  const others = contacts.openFollowUps.filter((f) => f.contactId !== contactId);
  return withFollowUps(
    {
      ...contacts,
      total: contacts.total + 1,
      last: isLatest ? { occurredAt, channel, purpose } : contacts.last,
    },
    followUpDue === undefined ? others : [...others, { contactId, due: followUpDue }],
  );
};

const withFollowUps = (contacts: ContactsView, openFollowUps: readonly OpenFollowUpView[]): ContactsView => {
  let next: string | null = null;
  for (const f of openFollowUps) {
    if (next === null || Date.parse(f.due) < Date.parse(next)) next = f.due;
  }
  return { ...contacts, openFollowUps, followUpsDue: openFollowUps.length, nextFollowUpDue: next };
};

/** Documents projected before balances were kept have no history; they start with none. */
const historyOf = (view: ClientView): BalanceHistory => view.balanceHistory ?? EMPTY_BALANCE_HISTORY;

/**
 * The holding shows its latest balance by as-of date, as the decider keeps it; every report,
 * an older one included, may be a month-end of the AUM trend.
 */
const holdingBalanceReported = (view: ClientView, event: HoldingBalanceReported): ViewChanges => {
  const { holdingId, balance: amount, currency, asOf } = event.data;
  const holding = view.products.find((p) => p.holdingId === holdingId);
  // The decider refuses reports on unknown or closed holdings; tolerate them so a replay never stalls.
  if (holding === undefined) return UNCHANGED;
  const isLatest = holding.balance === undefined || holding.balance.asOf <= asOf;
  const updated: ProductHoldingView = isLatest ? { ...holding, balance: { amount, currency, asOf } } : holding;
  return {
    products: view.products.map((p) => (p === holding ? updated : p)),
    ...(isAumHolding(holding.category)
      ? { balanceHistory: withHoldingBalance(historyOf(view), holdingId, currency, { asOf, amount }) }
      : {}),
  };
};

const withFacility = (
  view: ClientView,
  id: string,
  change: (facility: FacilityView) => FacilityView,
  recorded?: RecordedEvent,
): ViewChanges => {
  const facilities = view.credit.facilities;
  const index = facilities.findIndex((f) => f.id === id);
  // The decider refuses reports on unknown facilities; tolerate them so a replay never stalls.
  const current: FacilityView =
    index >= 0
      ? facilities[index]
      : {
          id,
          limit: null,
          drawn: '0',
          currency: null,
          overdueSince: null,
          daysPastDue: 0,
          amountOverdue: '0',
        };
  const updated = change(current);
  const next = index >= 0 ? facilities.map((f, i) => (i === index ? updated : f)) : [...facilities, updated];
  // Limits and drawn amounts are the trend's loans and limits; arrears and terms are not.
  if (recorded === undefined) return { credit: { ...view.credit, facilities: next } };
  return {
    credit: { ...view.credit, facilities: next },
    balanceHistory: withFacilityPoint(historyOf(view), id, updated.currency, {
      at: recorded.metadata.occurredAt,
      limit: updated.limit,
      drawn: updated.drawn,
    }),
  };
};
