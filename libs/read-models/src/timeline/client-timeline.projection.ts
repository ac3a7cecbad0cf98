import type { ClientEvent } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { asClientEvent, clientIdOfStream } from '../client-view/recorded-client-event';
import type { ClientTimelineEntry, TimelineDetailValue } from './client-timeline-entry';

type Details = Readonly<Record<string, TimelineDetailValue>>;

/** Maps one recorded client-stream event to its timeline entry. Pure, like the view projection. */
export const toClientTimelineEntry = (recorded: RecordedEvent): ClientTimelineEntry => {
  const event = asClientEvent(recorded);
  return {
    clientId: clientIdOfStream(recorded.streamId),
    revision: recorded.revision,
    position: recorded.position.toString(),
    type: recorded.type,
    occurredAt: recorded.metadata.occurredAt,
    recordedAt: recorded.recordedAt,
    actor: { userId: recorded.metadata.actor.userId, role: recorded.metadata.actor.role },
    // An event type from a newer build still gets its row (the history has no gaps), without details.
    details: event === null ? {} : detailsOf(event),
  };
};

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** One function per client event type: what its entry shows (a type without one does not compile). */
type DetailHandlers = { readonly [T in ClientEvent['type']]: (event: Extract<ClientEvent, { type: T }>) => Details };

const DETAILS: DetailHandlers = {
  ProspectRegistered: (event) => ({
    branchId: event.data.branchId,
    segment: event.data.segment,
    industry: event.data.industry,
    source: event.data.source,
  }),
  ProspectConverted: (event) => ({
    convertedAt: event.data.convertedAt,
    firstProductCode: orNull(event.data.firstProductCode),
  }),
  // Which fields changed, never their values.
  ClientProfileUpdated: (event) => ({ changedFields: Object.keys(event.data.changes).sort() }),
  ManagerAssigned: (event) => ({
    managerId: event.data.managerId,
    managerLevel: event.data.managerLevel,
    previousManagerId: orNull(event.data.previousManagerId),
  }),
  CoverageLapsed: (event) => ({ managerId: event.data.managerId, departedAt: event.data.departedAt }),
  ClientTierChanged: (event) => ({
    from: event.data.from,
    to: event.data.to,
    annualContribution: orNull(event.data.annualContribution),
  }),
  ContactLogged: (event) => ({
    contactId: event.data.contactId,
    managerId: event.data.managerId,
    channel: event.data.channel,
    purpose: event.data.purpose,
    occurredAt: event.data.occurredAt,
    followUpDue: orNull(event.data.followUpDue),
  }),
  FollowUpCompleted: (event) => ({ contactId: event.data.contactId, completedAt: event.data.completedAt }),
  FeedbackForwarded: (event) => ({
    feedbackId: event.data.feedbackId,
    department: event.data.department,
    productCode: orNull(event.data.productCode),
    theme: orNull(event.data.theme),
  }),
  // The answer is personal data: the client's feedback notes give it back from the stream.
  FeedbackStatusChanged: (event) => ({
    feedbackId: event.data.feedbackId,
    department: event.data.department,
    status: event.data.status,
    changedAt: event.data.changedAt,
  }),
  FinancialsReported: (event) => ({
    period: event.data.period,
    revenue: event.data.revenue,
    netProfit: event.data.netProfit,
    totalAssets: event.data.totalAssets,
    totalLiabilities: event.data.totalLiabilities,
    currency: event.data.currency,
  }),
  CreditRatingChanged: (event) => ({ from: event.data.from, to: event.data.to, notches: event.data.notches }),
  LoanClassificationChanged: (event) => ({ from: event.data.from, to: event.data.to }),
  CreditLimitSet: (event) => ({
    facilityId: event.data.facilityId,
    limit: event.data.limit,
    currency: event.data.currency,
  }),
  FacilityTermsSet: (event) => ({
    facilityId: event.data.facilityId,
    type: event.data.type,
    maturityDate: event.data.maturityDate,
    nextReviewDate: event.data.nextReviewDate,
  }),
  CreditUtilisationReported: (event) => ({ facilityId: event.data.facilityId, drawn: event.data.drawn }),
  PaymentPastDue: (event) => ({
    facilityId: event.data.facilityId,
    overdueSince: event.data.overdueSince,
    daysPastDue: event.data.daysPastDue,
    amountOverdue: event.data.amountOverdue,
  }),
  PastDueCleared: (event) => ({ facilityId: event.data.facilityId }),
  RiskFlagRaised: (event) => ({ flagId: event.data.flagId, type: event.data.type, severity: event.data.severity }),
  RiskFlagCleared: (event) => ({ flagId: event.data.flagId }),
  ProductHoldingOpened: (event) => ({
    holdingId: event.data.holdingId,
    productCode: event.data.productCode,
    category: event.data.category,
    amount: event.data.amount,
  }),
  ProductHoldingClosed: (event) => ({ holdingId: event.data.holdingId }),
  HoldingBalanceReported: (event) => ({
    holdingId: event.data.holdingId,
    balance: event.data.balance,
    currency: event.data.currency,
    asOf: event.data.asOf,
  }),
  SatisfactionRecorded: (event) => ({
    surveyId: event.data.surveyId,
    kind: event.data.kind,
    score: event.data.score,
    managerId: event.data.managerId,
    selfReported: event.data.selfReported === true,
  }),
  ComplaintReceived: (event) => ({
    complaintId: event.data.complaintId,
    category: event.data.category,
    severity: orNull(event.data.severity),
    channel: orNull(event.data.channel),
    receivedAt: orNull(event.data.receivedAt),
    acknowledgeBy: orNull(event.data.acknowledgeBy),
    dueBy: orNull(event.data.dueBy),
  }),
  ComplaintAcknowledged: (event) => ({
    complaintId: event.data.complaintId,
    acknowledgedAt: event.data.acknowledgedAt,
    ownerId: event.data.ownerId,
  }),
  ComplaintEscalated: (event) => ({
    complaintId: event.data.complaintId,
    deadline: event.data.deadline,
    dueBy: event.data.dueBy,
    escalatedAt: event.data.escalatedAt,
  }),
  ComplaintResolved: (event) => ({
    complaintId: event.data.complaintId,
    resolvedAt: orNull(event.data.resolvedAt),
    outcome: orNull(event.data.outcome),
    redressAmount: orNull(event.data.redressAmount),
    currency: orNull(event.data.currency),
  }),
  // Who asked is the entry's actor; the basis is free text and stays in the store.
  PersonalDataErased: () => ({}),
  ClientGroupFormed: (event) => ({
    groupId: event.data.groupId,
    name: event.data.name,
    managerId: event.data.managerId,
  }),
  ClientGroupMemberAdded: (event) => ({ clientId: event.data.clientId }),
  ClientGroupMemberRemoved: (event) => ({ clientId: event.data.clientId }),
  ClientJoinedGroup: (event) => ({ groupId: event.data.groupId }),
  ClientLeftGroup: (event) => ({ groupId: event.data.groupId }),
  // The kind of change, not its values: those show when it is approved, in the change's own entry.
  CreditChangeProposed: (event) => ({
    proposalId: event.data.proposalId,
    changeType: event.data.change.type,
    proposedBy: event.data.proposedBy,
  }),
  CreditChangeApproved: (event) => ({ proposalId: event.data.proposalId, approvedBy: event.data.approvedBy }),
  CreditChangeRejected: (event) => ({ proposalId: event.data.proposalId, rejectedBy: event.data.rejectedBy }),
  VisitPlanned: (event) => ({
    visitId: event.data.visitId,
    managerId: event.data.managerId,
    plannedAt: event.data.plannedAt,
    purpose: event.data.purpose,
  }),
  VisitCompleted: (event) => ({ visitId: event.data.visitId, contactId: event.data.contactId }),
  VisitCancelled: (event) => ({ visitId: event.data.visitId, cancelledAt: event.data.cancelledAt }),
  // The title is personal data, like a contact's summary: the timeline shows who and when only.
  TaskCreated: (event) => ({ taskId: event.data.taskId, assigneeId: event.data.assigneeId, due: event.data.due }),
  TaskCompleted: (event) => ({ taskId: event.data.taskId, completedAt: event.data.completedAt }),
  OpportunityOpened: (event) => ({
    opportunityId: event.data.opportunityId,
    managerId: event.data.managerId,
    productCategory: event.data.productCategory,
    productCode: orNull(event.data.productCode),
    expectedAmount: event.data.expectedAmount,
    currency: event.data.currency,
    stage: event.data.stage,
  }),
  OpportunityStageChanged: (event) => ({
    opportunityId: event.data.opportunityId,
    from: event.data.from,
    to: event.data.to,
  }),
  OpportunityWon: (event) => ({ opportunityId: event.data.opportunityId, wonAt: event.data.wonAt }),
  OpportunityLost: (event) => ({ opportunityId: event.data.opportunityId, lostAt: event.data.lostAt }),
  // Who joined or left the team, and as what; the reason stays in the store like every reason.
  BackupManagerAssigned: (event) => ({ managerId: event.data.managerId }),
  BackupManagerRemoved: (event) => ({ managerId: event.data.managerId }),
  SpecialistJoinedTeam: (event) => ({ managerId: event.data.managerId, role: event.data.role }),
  SpecialistLeftTeam: (event) => ({ managerId: event.data.managerId }),
};

const detailsOf = (event: ClientEvent): Details => (DETAILS[event.type] as (event: ClientEvent) => Details)(event);
