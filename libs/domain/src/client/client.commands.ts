import type { CreditChange, CreditChangeData } from './credit-change';
import type { CalendarCommandMetadata, Command } from '../common/command';
import type { ContactDetails, ProfileChanges } from './client.events';
import type {
  ClientTier,
  ComplaintChannel,
  ComplaintDeadline,
  ComplaintOutcome,
  ComplaintSeverity,
  ContactChannel,
  ContactPurpose,
  OpportunityStage,
  ProductCategory,
  RiskFlagType,
  Segment,
  Severity,
  SpecialistRole,
  SurveyKind,
} from '../common/scales';
import type { ManagerSnapshot } from '../manager/manager.state';
import type { ComplaintPolicy } from './complaint-policy';
import type { SatisfactionRecovery } from './satisfaction-recovery';
import type { DepartmentDirectory } from '../department/department';
import type { FeedbackStatus, FeedbackTheme } from './feedback-status';

export type RegisterProspect = Command<
  'RegisterProspect',
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
    /**
     * The relationship manager registering the prospect, who then covers it (so they see it in
     * their scope and pipeline); only when that manager is active, else the prospect starts uncovered.
     */
    registeringManager?: ManagerSnapshot | null;
  }
>;

export type ConvertProspect = Command<'ConvertProspect', { firstProductCode?: string }>;

export type UpdateProfile = Command<'UpdateProfile', { changes: ProfileChanges }>;

/**
 * `handoverId` names the handover that moves the client (a manager's departure or a portfolio
 * split). A handover must leave no client uncovered, so it may give a core client to an associate
 * manager; EW-CORE-MGR then flags the client until a senior manager takes it.
 */
export type AssignManager = Command<
  'AssignManager',
  { manager: ManagerSnapshot | null; managerId: string; reason: string; handoverId?: string }
>;

/** Notes on the client that `managerId`, who covered it, departed at `departedAt`; no event when they no longer cover it. */
export type NoteCoverageLapse = Command<'NoteCoverageLapse', { managerId: string; departedAt: string }>;

/** `currentManager` is the state of the client's current manager (null when none is assigned). */
export type ChangeTier = Command<
  'ChangeTier',
  { tier: ClientTier; reason: string; annualContribution?: string; currentManager: ManagerSnapshot | null }
>;

export type LogContact = Command<
  'LogContact',
  {
    contactId: string;
    managerId: string;
    manager: ManagerSnapshot | null;
    channel: ContactChannel;
    purpose: ContactPurpose;
    summary: string;
    occurredAt: string;
    followUpDue?: string;
    /** A planned visit this contact was: completes it. */
    visitId?: string;
  }
>;

export type CompleteFollowUp = Command<'CompleteFollowUp', { contactId: string }>;

/** `department` must be one of `departments`, the deployment's configured ones (config/departments.yaml). */
export type ForwardFeedback = Command<
  'ForwardFeedback',
  {
    feedbackId: string;
    department: string;
    productCode?: string;
    theme?: FeedbackTheme;
    text: string;
    departments: DepartmentDirectory;
  }
>;

/** The department `department` moves its feedback on, with its answer (sent by the department's queue). */
export type ChangeFeedbackStatus = Command<
  'ChangeFeedbackStatus',
  { feedbackId: string; department: string; status: FeedbackStatus; answer: string }
>;

export type ReportFinancials = Command<
  'ReportFinancials',
  {
    period: string;
    revenue: string;
    netProfit: string;
    totalAssets: string;
    totalLiabilities: string;
    currency: string;
  }
>;

export type ChangeCreditRating = Command<'ChangeCreditRating', CreditChangeData['ChangeCreditRating']>;

export type ChangeLoanClassification = Command<
  'ChangeLoanClassification',
  CreditChangeData['ChangeLoanClassification']
>;

export type SetCreditLimit = Command<'SetCreditLimit', CreditChangeData['SetCreditLimit']>;

export type ReportUtilisation = Command<'ReportUtilisation', { facilityId: string; drawn: string }>;

/**
 * `overdueSince`: the date (YYYY-MM-DD, bank calendar) the oldest unpaid amount fell due. Older
 * callers may give `daysPastDue` instead (counted back from the bank's today); not both.
 */
export type ReportPastDue = Command<
  'ReportPastDue',
  { facilityId: string; overdueSince?: string; daysPastDue?: number; amountOverdue: string },
  CalendarCommandMetadata
>;

export type ClearPastDue = Command<'ClearPastDue', CreditChangeData['ClearPastDue']>;

export type RaiseRiskFlag = Command<
  'RaiseRiskFlag',
  { flagId: string; type: RiskFlagType; severity: Severity; note: string }
>;

export type ClearRiskFlag = Command<'ClearRiskFlag', CreditChangeData['ClearRiskFlag']>;

/** The credit changes a maker–checker policy may hold for a second person's approval. */
export type CreditChangeCommand =
  ChangeCreditRating | ChangeLoanClassification | SetCreditLimit | ClearPastDue | ClearRiskFlag;

/** The maker: records the change for approval instead of making it. */
export type ProposeCreditChange = Command<'ProposeCreditChange', { change: CreditChange }>;

/** The checker (never the proposer): the approval and the change are appended together. */
export type ApproveCreditChange = Command<'ApproveCreditChange', { proposalId: string }>;

export type RejectCreditChange = Command<'RejectCreditChange', { proposalId: string; reason: string }>;

export type OpenProductHolding = Command<
  'OpenProductHolding',
  { holdingId: string; productCode: string; category: ProductCategory; amount: string }
>;

export type CloseProductHolding = Command<'CloseProductHolding', { holdingId: string; reason: string }>;

/**
 * The balance of a holding at the end of `asOf` (a bank date, not after the bank's today, hence
 * the calendar); `balance` a signed decimal string in `currency`.
 */
export type ReportHoldingBalance = Command<
  'ReportHoldingBalance',
  { holdingId: string; balance: string; currency: string; asOf: string },
  CalendarCommandMetadata
>;

/**
 * `recordedByManagerId`: the manager recording the answer, when a manager does (their token's
 * claim); the answer is self-reported when it is the manager it measures. `recovery`: the task an
 * answer calling for one opens for that manager (satisfaction-recovery.ts).
 */
export type RecordSatisfaction = Command<
  'RecordSatisfaction',
  {
    surveyId: string;
    kind: SurveyKind;
    score: number;
    comment: string;
    managerId: string;
    recordedByManagerId?: string;
    recovery: SatisfactionRecovery;
  }
>;

/**
 * `receivedAt` defaults to the command's time and is never later; `severity` defaults to medium.
 * The deadlines follow `policy` (the deployment's, complaint-policy.ts) on the bank's calendar.
 */
export type ReceiveComplaint = Command<
  'ReceiveComplaint',
  {
    complaintId: string;
    category: string;
    text: string;
    severity?: ComplaintSeverity;
    channel?: ComplaintChannel;
    receivedAt?: string;
    ownerId?: string;
    policy: ComplaintPolicy;
  },
  CalendarCommandMetadata
>;

/** `ownerId` defaults to the acknowledging user. */
export type AcknowledgeComplaint = Command<'AcknowledgeComplaint', { complaintId: string; ownerId?: string }>;

/** Sent by the deadline sweep (the risk monitor) for a deadline it saw pass; records nothing when it has not. */
export type EscalateComplaint = Command<'EscalateComplaint', { complaintId: string; deadline: ComplaintDeadline }>;

/** A redress amount needs its currency. */
export type ResolveComplaint = Command<
  'ResolveComplaint',
  { complaintId: string; resolution: string; outcome?: ComplaintOutcome; redressAmount?: string; currency?: string }
>;

/**
 * Erases the client's personal data (DPO only). `basis` is the legal ground or ticket reference; the
 * requester is the command's actor. Repeating it on an erased client appends nothing.
 */
export type EraseClientPersonalData = Command<'EraseClientPersonalData', { basis: string }>;

/** On the parent's stream: the group's id is the parent's client id. */
export type FormClientGroup = Command<
  'FormClientGroup',
  { name: string; managerId: string; manager: ManagerSnapshot | null }
>;
/** On the parent's stream. */
export type AddGroupMember = Command<'AddGroupMember', { clientId: string }>;
/** On the parent's stream. */
export type RemoveGroupMember = Command<'RemoveGroupMember', { clientId: string }>;
/** On the member's stream. */
export type JoinClientGroup = Command<'JoinClientGroup', { groupId: string }>;
/** On the member's stream. */
export type LeaveClientGroup = Command<'LeaveClientGroup', { groupId: string }>;

/**
 * Commands on a client. Ids of new things (clientId, contactId, flagId, …) are chosen by the
 * caller (the API generates uuids), so a retried command is recognisable and deciders stay pure.
 * Commands that name a manager carry a snapshot of that manager's state, loaded by the handler
 * from the manager's stream, or `null` when the manager does not exist.
 */
export type PlanVisit = Command<
  'PlanVisit',
  { visitId: string; managerId: string; manager: ManagerSnapshot | null; plannedAt: string; purpose: ContactPurpose }
>;
export type CancelVisit = Command<'CancelVisit', { visitId: string; reason: string }>;
export type CreateTask = Command<
  'CreateTask',
  { taskId: string; assigneeId: string; assignee: ManagerSnapshot | null; title: string; due: string }
>;
export type CompleteTask = Command<'CompleteTask', { taskId: string }>;

export type OpenOpportunity = Command<
  'OpenOpportunity',
  {
    opportunityId: string;
    managerId: string;
    manager: ManagerSnapshot | null;
    productCategory: ProductCategory;
    productCode?: string;
    expectedAmount: string;
    currency: string;
    stage?: OpportunityStage;
  }
>;
export type ChangeOpportunityStage = Command<
  'ChangeOpportunityStage',
  { opportunityId: string; stage: OpportunityStage }
>;
export type WinOpportunity = Command<'WinOpportunity', { opportunityId: string }>;
export type LoseOpportunity = Command<'LoseOpportunity', { opportunityId: string; reason: string }>;

/** The client's team: `manager` is the snapshot of `managerId` (null when there is no such manager). */
export type AssignBackupManager = Command<
  'AssignBackupManager',
  { managerId: string; manager: ManagerSnapshot | null; reason: string }
>;
export type RemoveBackupManager = Command<'RemoveBackupManager', Record<string, never>>;
export type AddTeamSpecialist = Command<
  'AddTeamSpecialist',
  { managerId: string; manager: ManagerSnapshot | null; role: SpecialistRole }
>;
export type RemoveTeamSpecialist = Command<'RemoveTeamSpecialist', { managerId: string }>;

export type ClientCommand =
  | RegisterProspect
  | ConvertProspect
  | UpdateProfile
  | AssignManager
  | NoteCoverageLapse
  | ChangeTier
  | LogContact
  | CompleteFollowUp
  | ForwardFeedback
  | ChangeFeedbackStatus
  | ReportFinancials
  | ChangeCreditRating
  | ChangeLoanClassification
  | SetCreditLimit
  | ReportUtilisation
  | ReportPastDue
  | ClearPastDue
  | RaiseRiskFlag
  | ClearRiskFlag
  | ProposeCreditChange
  | ApproveCreditChange
  | RejectCreditChange
  | OpenProductHolding
  | CloseProductHolding
  | ReportHoldingBalance
  | RecordSatisfaction
  | ReceiveComplaint
  | AcknowledgeComplaint
  | EscalateComplaint
  | ResolveComplaint
  | EraseClientPersonalData
  | FormClientGroup
  | AddGroupMember
  | RemoveGroupMember
  | JoinClientGroup
  | LeaveClientGroup
  | PlanVisit
  | CancelVisit
  | CreateTask
  | CompleteTask
  | OpenOpportunity
  | ChangeOpportunityStage
  | WinOpportunity
  | LoseOpportunity
  | AssignBackupManager
  | RemoveBackupManager
  | AddTeamSpecialist
  | RemoveTeamSpecialist;
