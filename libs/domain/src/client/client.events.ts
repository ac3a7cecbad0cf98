import type { Event } from '../common/event';
import type { CreditChange } from './credit-change';
import type {
  ComplaintAcknowledged,
  ComplaintEscalated,
  ComplaintReceived,
  ComplaintResolved,
} from './client-complaint.events';
import type { FeedbackStatusChanged } from './client-feedback.events';
import type { FeedbackTheme } from './feedback-status';

export type * from './client-complaint.events';
export type * from './client-feedback.events';
import type {
  ClientTier,
  ContactChannel,
  ContactPurpose,
  CreditRating,
  FacilityType,
  LoanClassification,
  ManagerLevel,
  OpportunityStage,
  ProductCategory,
  RiskFlagType,
  Segment,
  Severity,
  SpecialistRole,
  SurveyKind,
} from '../common/scales';

export type ContactDetails = Readonly<{ phone?: string; email?: string }>;

export type ProspectRegistered = Event<
  'ProspectRegistered',
  {
    clientId: string;
    branchId: string;
    segment: Segment;
    industry: string;
    legalName: string;
    registrationNo: string;
    contact: ContactDetails;
    source: string;
    referredBy?: string;
  }
>;

export type ProspectConverted = Event<'ProspectConverted', { convertedAt: string; firstProductCode?: string }>;

export type ProfileChanges = Readonly<{
  legalName?: string;
  registrationNo?: string;
  industry?: string;
  contact?: ContactDetails;
}>;

export type ClientProfileUpdated = Event<'ClientProfileUpdated', { changes: ProfileChanges }>;

export type ManagerAssigned = Event<
  'ManagerAssigned',
  { managerId: string; managerLevel: ManagerLevel; previousManagerId?: string; reason: string; handoverId?: string }
>;

/**
 * The covering manager left the bank: the client has nobody until a new ManagerAssigned. Noted
 * on each of the manager's clients when the departure is recorded, so the client's own history,
 * and the risk monitor that reads only client events, see the gap.
 */
export type CoverageLapsed = Event<'CoverageLapsed', { managerId: string; departedAt: string }>;

export type ClientTierChanged = Event<
  'ClientTierChanged',
  { from: ClientTier | null; to: ClientTier; annualContribution?: string; reason: string }
>;

export type ContactLogged = Event<
  'ContactLogged',
  {
    contactId: string;
    managerId: string;
    channel: ContactChannel;
    purpose: ContactPurpose;
    summary: string;
    occurredAt: string;
    followUpDue?: string;
  }
>;

export type FollowUpCompleted = Event<'FollowUpCompleted', { contactId: string; completedAt: string }>;

/**
 * `department` is the id of a configured department (config/departments.yaml; product, risk and
 * service before departments were configured); `theme` is absent from feedback forwarded before themes.
 */
export type FeedbackForwarded = Event<
  'FeedbackForwarded',
  { feedbackId: string; department: string; productCode?: string; theme?: FeedbackTheme; text: string }
>;

export type FinancialsReported = Event<
  'FinancialsReported',
  {
    period: string;
    revenue: string;
    netProfit: string;
    totalAssets: string;
    totalLiabilities: string;
    currency: string;
  }
>;

/** `notches` is positive for a downgrade (moving right on the scale), negative for an upgrade. */
export type CreditRatingChanged = Event<
  'CreditRatingChanged',
  { from: CreditRating | null; to: CreditRating; notches: number; reason: string }
>;

export type LoanClassificationChanged = Event<
  'LoanClassificationChanged',
  { from: LoanClassification | null; to: LoanClassification; reason: string }
>;

export type CreditLimitSet = Event<'CreditLimitSet', { facilityId: string; limit: string; currency: string }>;

/**
 * The terms of a facility: its type (fixed once recorded), maturity and next credit review.
 * Recorded beside CreditLimitSet when they are given or change; facilities opened before types
 * existed have none.
 */
export type FacilityTermsSet = Event<
  'FacilityTermsSet',
  { facilityId: string; type: FacilityType; maturityDate: string | null; nextReviewDate: string | null }
>;

export type CreditUtilisationReported = Event<'CreditUtilisationReported', { facilityId: string; drawn: string }>;

/**
 * Schema version 2. `overdueSince` (a bank date) is the fact: days past due are computed from it
 * at any instant. `daysPastDue` is the count on the day of the report, kept for readers that show
 * the report as it was made. Version 1 events lack `overdueSince` and are upcast on read.
 */
export type PaymentPastDue = Event<
  'PaymentPastDue',
  { facilityId: string; overdueSince: string; daysPastDue: number; amountOverdue: string }
>;

export type PastDueCleared = Event<'PastDueCleared', { facilityId: string }>;

export type RiskFlagRaised = Event<
  'RiskFlagRaised',
  { flagId: string; type: RiskFlagType; severity: Severity; note: string }
>;

export type RiskFlagCleared = Event<'RiskFlagCleared', { flagId: string; reason: string }>;

export type ProductHoldingOpened = Event<
  'ProductHoldingOpened',
  { holdingId: string; productCode: string; category: ProductCategory; amount: string }
>;

export type ProductHoldingClosed = Event<'ProductHoldingClosed', { holdingId: string; reason: string }>;

/**
 * The balance of a holding at the end of the bank date `asOf`, as the core system reports it:
 * `balance` is a signed decimal string (an overdrawn current account is negative), `currency` the
 * holding's ISO 4217 code, fixed by its first report. Shaped 1:1 on the core-banking fact
 * `bank.core.HoldingBalanceReported.v1`. A report dated before the holding's latest is recorded
 * (it fills that month-end's history) but the holding's current balance stays the latest one.
 */
export type HoldingBalanceReported = Event<
  'HoldingBalanceReported',
  { holdingId: string; balance: string; currency: string; asOf: string }
>;

/**
 * `selfReported`: recorded by the very manager it measures (present only then), so satisfaction
 * figures can count such answers apart from those of the survey service or a colleague.
 */
export type SatisfactionRecorded = Event<
  'SatisfactionRecorded',
  { surveyId: string; kind: SurveyKind; score: number; comment: string; managerId: string; selfReported?: true }
>;

/**
 * The client's personal data was erased (crypto-shredding): the store destroys the client's data
 * key right after appending this, so every personal field of the stream reads "[erased]" from then
 * on. `requestedBy` is the data-protection officer's user id; `basis` the legal ground or ticket
 * reference. Neither is personal data of the client: both must outlive the erasure as its record.
 */
export type PersonalDataErased = Event<'PersonalDataErased', { requestedBy: string; basis: string }>;

/** A corporate group headed by this client; `groupId` is the client's own id. */
export type ClientGroupFormed = Event<'ClientGroupFormed', { groupId: string; name: string; managerId: string }>;
/** On the parent's stream: the group counts this client among its members. */
export type ClientGroupMemberAdded = Event<'ClientGroupMemberAdded', { clientId: string }>;
export type ClientGroupMemberRemoved = Event<'ClientGroupMemberRemoved', { clientId: string }>;
/** On the member's stream: the client belongs to the group (one group at a time). */
export type ClientJoinedGroup = Event<'ClientJoinedGroup', { groupId: string }>;
export type ClientLeftGroup = Event<'ClientLeftGroup', { groupId: string }>;

/**
 * A credit change held for approval (maker–checker). `proposalId` is `<clientId>.<n>`, the
 * client's n-th proposal; `proposedBy` the proposer's user id, kept so nobody approves their own.
 */
export type CreditChangeProposed = Event<
  'CreditChangeProposed',
  { proposalId: string; change: CreditChange; proposedBy: string; proposedAt: string }
>;
/** Appended together with the change's own events (CreditRatingChanged, …), which follow it. */
export type CreditChangeApproved = Event<
  'CreditChangeApproved',
  { proposalId: string; approvedBy: string; approvedAt: string }
>;
export type CreditChangeRejected = Event<
  'CreditChangeRejected',
  { proposalId: string; rejectedBy: string; rejectedAt: string; reason: string }
>;

/** A visit planned with the client, by the manager who will make it; `plannedAt` is in the future when planned. */
export type VisitPlanned = Event<
  'VisitPlanned',
  { visitId: string; managerId: string; plannedAt: string; purpose: ContactPurpose }
>;
/** Appended after the ContactLogged that names the visit: the visit took place as that contact. */
export type VisitCompleted = Event<'VisitCompleted', { visitId: string; contactId: string; completedAt: string }>;
export type VisitCancelled = Event<'VisitCancelled', { visitId: string; cancelledAt: string; reason: string }>;
/** A task about the client for a manager (`assigneeId`), due by `due`; the title is personal data. */
export type TaskCreated = Event<'TaskCreated', { taskId: string; assigneeId: string; title: string; due: string }>;
export type TaskCompleted = Event<'TaskCompleted', { taskId: string; completedAt: string }>;

/** A sales opportunity with the client, in the pipeline of the manager who opened it. */
export type OpportunityOpened = Event<
  'OpportunityOpened',
  {
    opportunityId: string;
    managerId: string;
    productCategory: ProductCategory;
    productCode?: string;
    expectedAmount: string;
    currency: string;
    stage: OpportunityStage;
    openedAt: string;
  }
>;
export type OpportunityStageChanged = Event<
  'OpportunityStageChanged',
  { opportunityId: string; from: OpportunityStage; to: OpportunityStage }
>;
export type OpportunityWon = Event<'OpportunityWon', { opportunityId: string; wonAt: string }>;
export type OpportunityLost = Event<'OpportunityLost', { opportunityId: string; lostAt: string; reason: string }>;

/** The client's team (the A/B role): a backup manager who stands in while the covering manager is absent. */
export type BackupManagerAssigned = Event<'BackupManagerAssigned', { managerId: string; reason: string }>;
export type BackupManagerRemoved = Event<'BackupManagerRemoved', { managerId: string }>;
/** A specialist joins the team with a role, or changes role when on it already. */
export type SpecialistJoinedTeam = Event<'SpecialistJoinedTeam', { managerId: string; role: SpecialistRole }>;
export type SpecialistLeftTeam = Event<'SpecialistLeftTeam', { managerId: string }>;

/**
 * Every fact about a client, stream `client-<uuid>`. Personal fields (legalName, registrationNo,
 * contact, summary, text, note, comment, referredBy; see PERSONAL_DATA_FIELDS and docs/security.md)
 * are encrypted per client in the store; keep them out of anything that leaves it.
 * Times are ISO-8601 UTC strings; amounts are decimal strings.
 */
export type ClientEvent =
  | ProspectRegistered
  | ProspectConverted
  | ClientProfileUpdated
  | ManagerAssigned
  | CoverageLapsed
  | ClientTierChanged
  | ContactLogged
  | FollowUpCompleted
  | FeedbackForwarded
  | FeedbackStatusChanged
  | FinancialsReported
  | CreditRatingChanged
  | LoanClassificationChanged
  | CreditLimitSet
  | FacilityTermsSet
  | CreditUtilisationReported
  | PaymentPastDue
  | PastDueCleared
  | RiskFlagRaised
  | RiskFlagCleared
  | ProductHoldingOpened
  | ProductHoldingClosed
  | HoldingBalanceReported
  | SatisfactionRecorded
  | ComplaintReceived
  | ComplaintAcknowledged
  | ComplaintEscalated
  | ComplaintResolved
  | PersonalDataErased
  | ClientGroupFormed
  | ClientGroupMemberAdded
  | ClientGroupMemberRemoved
  | ClientJoinedGroup
  | ClientLeftGroup
  | CreditChangeProposed
  | CreditChangeApproved
  | CreditChangeRejected
  | VisitPlanned
  | VisitCompleted
  | VisitCancelled
  | TaskCreated
  | TaskCompleted
  | OpportunityOpened
  | OpportunityStageChanged
  | OpportunityWon
  | OpportunityLost
  | BackupManagerAssigned
  | BackupManagerRemoved
  | SpecialistJoinedTeam
  | SpecialistLeftTeam;

export type ClientEventType = ClientEvent['type'];

export const CLIENT_EVENT_TYPES: readonly ClientEventType[] = [
  'ProspectRegistered',
  'ProspectConverted',
  'ClientProfileUpdated',
  'ManagerAssigned',
  'CoverageLapsed',
  'ClientTierChanged',
  'ContactLogged',
  'FollowUpCompleted',
  'FeedbackForwarded',
  'FeedbackStatusChanged',
  'FinancialsReported',
  'CreditRatingChanged',
  'LoanClassificationChanged',
  'CreditLimitSet',
  'FacilityTermsSet',
  'CreditUtilisationReported',
  'PaymentPastDue',
  'PastDueCleared',
  'RiskFlagRaised',
  'RiskFlagCleared',
  'ProductHoldingOpened',
  'ProductHoldingClosed',
  'HoldingBalanceReported',
  'SatisfactionRecorded',
  'ComplaintReceived',
  'ComplaintAcknowledged',
  'ComplaintEscalated',
  'ComplaintResolved',
  'PersonalDataErased',
  'ClientGroupFormed',
  'ClientGroupMemberAdded',
  'ClientGroupMemberRemoved',
  'ClientJoinedGroup',
  'ClientLeftGroup',
  'CreditChangeProposed',
  'CreditChangeApproved',
  'CreditChangeRejected',
  'VisitPlanned',
  'VisitCompleted',
  'VisitCancelled',
  'TaskCreated',
  'TaskCompleted',
  'OpportunityOpened',
  'OpportunityStageChanged',
  'OpportunityWon',
  'OpportunityLost',
  'BackupManagerAssigned',
  'BackupManagerRemoved',
  'SpecialistJoinedTeam',
  'SpecialistLeftTeam',
];

export const clientStreamId = (clientId: string): string => `client-${clientId}`;
