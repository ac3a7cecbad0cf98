import type {
  AlertStatus,
  ClientTier,
  ComplaintChannel,
  ComplaintDeadline,
  ComplaintOutcome,
  ComplaintSeverity,
  ContactChannel,
  ContactDetails,
  ContactPurpose,
  CreditChange,
  CreditRating,
  FacilityType,
  FeedbackStatus,
  FeedbackTheme,
  LoanClassification,
  ManagerLevel,
  OpportunityStage,
  ProductCategory,
  RiskFlagType,
  Segment,
  Severity,
  SpecialistRole,
} from '@crm/domain';
import type { BalanceHistory } from './balance-history';

export type ClientStatus = 'prospect' | 'client';

export type ClientManagerView = Readonly<{
  id: string;
  /** Not in client events: filled from the `managers` read model at query time; null until then. */
  name: string | null;
  level: ManagerLevel;
  /** When this manager left the bank (CoverageLapsed): the client is uncovered since. Absent while they cover it. */
  departedAt?: string;
}>;

/**
 * The client's corporate group: the parent's view holds the group's name, manager and the other
 * members (its id is the parent's client id); a member's view names the group only.
 */
export type ClientGroupView =
  | Readonly<{ id: string; role: 'parent'; name: string; managerId: string; members: readonly string[] }>
  | Readonly<{ id: string; role: 'member' }>;

export type FacilityView = Readonly<{
  id: string;
  /** Null while only utilisation or arrears have been reported for a facility without a limit. */
  limit: string | null;
  drawn: string;
  currency: string | null;
  /** Present once the facility's terms are recorded (FacilityTermsSet); absent for facilities without them. */
  type?: FacilityType | null;
  maturityDate?: string | null;
  nextReviewDate?: string | null;
  /** The date the oldest unpaid amount fell due (bank calendar); null when current. */
  overdueSince: string | null;
  /**
   * Days past due, counted from overdueSince to the bank's date when the view is read (or as of
   * the instant asked for); the stored document keeps the count of the day of the report.
   */
  daysPastDue: number;
  amountOverdue: string;
}>;

/**
 * The least severe classification the client's arrears allow (worst facility), set beside the
 * recorded one when the view is read; null when no facility is past due.
 */
export type ClassificationFloorView = Readonly<{
  floor: LoanClassification;
  facilityId: string;
  daysPastDue: number;
  /** false when the recorded classification is better than the floor: it should be reviewed. */
  met: boolean;
}>;

export type RiskFlagView = Readonly<{ id: string; type: RiskFlagType; severity: Severity; raisedAt: string }>;

/**
 * An alert of the client that is not resolved, kept by the projector from the alert streams
 * (`alerts/alert.projection.ts`); the `open_alerts_*` list columns are counted from these.
 */
export type OpenAlertView = Readonly<{
  id: string;
  ruleId: string;
  severity: Severity;
  status: Exclude<AlertStatus, 'resolved'>;
  dueBy: string;
}>;

/** The latest reported balance of a holding (by its as-of bank date). */
export type HoldingBalanceView = Readonly<{ amount: string; currency: string; asOf: string }>;

export type ProductHoldingView = Readonly<{
  holdingId: string;
  productCode: string;
  category: ProductCategory;
  /** The amount at opening, as recorded then. */
  amount: string;
  openedAt: string;
  /** Absent until the holding's first balance report. */
  balance?: HoldingBalanceView;
}>;

/** Decimal strings, sums of one currency. */
export type BalanceFiguresView = Readonly<{
  /** Assets under management: balances of the open deposit and wealth holdings. */
  aum: string;
  /** Drawn amounts of the facilities. */
  loansOutstanding: string;
  /** Limits of the facilities. */
  totalLimits: string;
}>;

export type MonthEndBalancesView = BalanceFiguresView & Readonly<{ monthEnd: string }>;

/** The figures in one currency now, and at each of the last 12 month-ends (oldest first). */
export type CurrencyBalancesView = BalanceFiguresView &
  Readonly<{ currency: string; trend: readonly MonthEndBalancesView[] }>;

export type LastContactView = Readonly<{ occurredAt: string; channel: ContactChannel; purpose: ContactPurpose }>;

export type OpenFollowUpView = Readonly<{ contactId: string; due: string }>;

export type ContactsView = Readonly<{
  total: number;
  last: LastContactView | null;
  followUpsDue: number;
  nextFollowUpDue: string | null;
  openFollowUps: readonly OpenFollowUpView[];
}>;

export type FinancialsView = Readonly<{
  period: string;
  revenue: string;
  netProfit: string;
  totalAssets: string;
  totalLiabilities: string;
  currency: string;
  reportedAt: string;
}>;

/**
 * The single-window view of one client, as stored in `client_view.doc` and served by
 * `GET /v1/clients/:id`. Amounts are decimal strings, times ISO-8601 UTC strings.
 *
 * Some fields exist only so the view can keep folding without re-reading the stream
 * (`contacts.openFollowUps`, `complaints.openIds`): the stored document is the projection state.
 */
/** A credit change waiting for a second person's approval; what it would change is in `change`. */
export type PendingCreditChangeView = Readonly<{
  proposalId: string;
  change: CreditChange;
  proposedBy: string;
  proposedAt: string;
}>;

/** A visit planned and not yet made or cancelled. */
export type PlannedVisitView = Readonly<{
  visitId: string;
  managerId: string;
  plannedAt: string;
  purpose: ContactPurpose;
}>;

/** A task not yet completed; the title is personal data (hidden for roles that see clients masked). */
export type OpenTaskView = Readonly<{ taskId: string; assigneeId: string; title: string; due: string }>;

/** The client's open agenda entries, in the order they were recorded. */
export type ClientAgendaView = Readonly<{ visits: readonly PlannedVisitView[]; tasks: readonly OpenTaskView[] }>;

/** A sales opportunity with the client: open at a stage, or won or lost (`closedAt`). */
export type OpportunityView = Readonly<{
  opportunityId: string;
  managerId: string;
  productCategory: ProductCategory;
  productCode: string | null;
  expectedAmount: string;
  currency: string;
  stage: OpportunityStage;
  status: 'open' | 'won' | 'lost';
  openedAt: string;
  closedAt: string | null;
  /** Why it was lost (an operational record); null otherwise. */
  lossReason: string | null;
}>;

/** Where a complaint stands: received, acknowledged (taken on by an owner), resolved. */
export type ComplaintStatus = 'open' | 'acknowledged' | 'resolved';

/**
 * A complaint as the complaints list and the monthly summary need it: its deadlines and what
 * became of it, never its text (personal data, read from the stream by `GET …/complaints`).
 * Complaints received before severities and deadlines were recorded have them null.
 */
export type ComplaintView = Readonly<{
  complaintId: string;
  category: string;
  severity: ComplaintSeverity | null;
  channel: ComplaintChannel | null;
  status: ComplaintStatus;
  /** When it reached the bank (ISO-8601 UTC); for the oldest complaints, when it was recorded. */
  receivedAt: string;
  acknowledgeBy: string | null;
  dueBy: string | null;
  acknowledgedAt: string | null;
  /** The deadlines the sweep escalated it for, in the order they were escalated. */
  escalated: readonly ComplaintDeadline[];
  resolvedAt: string | null;
  outcome: ComplaintOutcome | null;
  redressAmount: string | null;
  currency: string | null;
}>;

/**
 * A feedback forwarded to a department and where it stands in the department's queue, never its
 * text or answers (personal data, read from the stream by `GET …/feedback`). Times are ISO-8601 UTC.
 */
export type FeedbackView = Readonly<{
  feedbackId: string;
  department: string;
  productCode: string | null;
  theme: FeedbackTheme | null;
  status: FeedbackStatus;
  /** When it was forwarded (the event's occurredAt). */
  forwardedAt: string;
  /** The department's first answer (its first status change); null until then. */
  answeredAt: string | null;
  /** Its latest answer; null until the first. */
  lastAnsweredAt: string | null;
  /** Its latest decision (accepted or declined). */
  decidedAt: string | null;
  /** When it was implemented or declined. */
  closedAt: string | null;
}>;

/**
 * The client's team beside its covering manager: the backup manager (the A/B role) and the
 * specialists, each since the event that put them there (a role change keeps `since`).
 */
export type ClientTeamView = Readonly<{
  backupManager: Readonly<{ id: string; since: string }> | null;
  specialists: readonly Readonly<{ managerId: string; role: SpecialistRole; since: string }>[];
}>;

export type ClientView = Readonly<{
  id: string;
  status: ClientStatus;
  branchId: string;
  segment: Segment;
  industry: string;
  legalName: string;
  registrationNo: string;
  contact: ContactDetails;
  manager: ClientManagerView | null;
  tier: ClientTier | null;
  /** From the latest ClientTierChanged that reported one (decimal string); drives the branch's 80/20 figure. */
  annualContribution: string | null;
  credit: Readonly<{
    rating: CreditRating | null;
    classification: LoanClassification | null;
    facilities: readonly FacilityView[];
    /** Filled when the view is read (absent from the stored document). */
    classificationFloor?: ClassificationFloorView | null;
  }>;
  riskFlags: readonly RiskFlagView[];
  /** In the order they were (re)opened; changing them leaves revision, position and updatedAt alone. */
  openAlerts: readonly OpenAlertView[];
  products: readonly ProductHoldingView[];
  /**
   * Filled when the view is read (absent from the stored document): one entry per currency, in
   * code order, since amounts are never converted.
   */
  balances?: readonly CurrencyBalancesView[];
  /** Stored only: what the trend of `balances` is worked out from. Absent from older documents. */
  balanceHistory?: BalanceHistory;
  contacts: ContactsView;
  satisfaction: Readonly<{ lastNps: number | null; lastCsat: number | null }>;
  complaints: Readonly<{ open: number; openIds: readonly string[] }>;
  /** The report of the latest period (the domain's supersedesLatest: ends latest, then the longer); null before any. */
  financials: FinancialsView | null;
  convertedAt: string | null;
  /** The corporate group the client heads or belongs to; absent or null when none. */
  group?: ClientGroupView | null;
  /** Credit changes held for approval (maker–checker), oldest first; absent before the client's first proposal. */
  pendingCreditChanges?: readonly PendingCreditChangeView[];
  /** Visits planned and tasks open; absent before the client's first visit or task. */
  agenda?: ClientAgendaView;
  /** Every sales opportunity opened with the client, oldest first; absent before the first. */
  opportunities?: readonly OpportunityView[];
  /**
   * Every complaint received, open and resolved, oldest first (what the `complaints` read model is
   * derived from); absent before the first complaint this build projected.
   */
  complaintsTracked?: readonly ComplaintView[];
  /**
   * Every feedback forwarded, oldest first, with its status in the department's queue (what the
   * `feedback` read model and the agenda's answers are derived from); absent before the first
   * feedback this build projected.
   */
  feedbackTracked?: readonly FeedbackView[];
  /** The backup manager and the specialists; absent before the client's first team event. */
  team?: ClientTeamView;
  /**
   * When the client's personal data was erased (recordedAt of PersonalDataErased); absent until
   * then. From that event on legalName, registrationNo and every contact detail read "[erased]";
   * `status` keeps the business lifecycle (an erased client with a loan is still a client).
   */
  erasedAt?: string;
  /** Stream revision of the last event folded in (the ETag of the view). */
  revision: number;
  /** Global position of the last event folded in, as a decimal string. */
  position: string;
  /** recordedAt of the last event folded in. */
  updatedAt: string;
}>;
