import type { AgendaRows } from '../agenda/agenda';
import type { SearchValues } from '../sql/sql.search-index';
import type { ClientAgendaItems } from '../agenda/agenda-item';
import type { ClientOpportunities, OpportunityRow } from '../pipeline/opportunity-row';
import type {
  ClientComplaints,
  ComplaintListAfter,
  ComplaintListQuery,
  ComplaintRow,
} from '../complaints/complaint-row';
import type { MonthWindow } from '../complaints/complaints-summary';
import type {
  ClientFeedback,
  FeedbackCount,
  FeedbackQueueAfter,
  FeedbackQueueQuery,
  FeedbackRow,
} from '../feedback/feedback-row';
import type {
  SatisfactionCountRow,
  SatisfactionGroupBy,
  SatisfactionSubject,
} from '../satisfaction/satisfaction-report';
import type { SatisfactionResponseRow } from '../satisfaction/satisfaction-response';
import type { EndedServiceTime, RatingScore } from '../service-levels/internal-service-levels';
import type { DepartmentRatingRow, ServiceTimeChange } from '../service-levels/service-time';
import type { OpenAmount } from '../pipeline/pipeline';
import type { AlertListQuery, AlertView } from '../alerts/alert-view';
import type { BranchFigures } from '../client-list/branch-dashboard';
import type { BranchMemberChange } from '../client-list/branch-member';
import type { ClientSearch, ClientSearchItem } from '../client-list/client-search';
import type { UncoveredClient } from '../client-list/uncovered-clients';
import type { PortfolioRow } from '../client-list/portfolio';
import type { ClientView } from '../client-view/client-view';
import type { RiskCaseListAfter, RiskCaseListQuery, RiskCaseRow } from '../risk-cases/risk-case-row';
import type { ManagerRow } from '../managers/manager-row';
import type { ClientLocation, ClientScope } from '@crm/policy';
import type { ClientTimelineEntry, TimelinePage } from '../timeline/client-timeline-entry';

/**
 * The read-model store as projections and queries see it, on SQLite or PostgreSQL (one SQL
 * implementation over a dialect layer, `sql/`), hence the promises even where better-sqlite3 is
 * synchronous.
 */

/** Everything one projected batch changes; written with the checkpoint in one transaction. */
export type ProjectionChanges = Readonly<{
  /** Latest state of every client view the batch touched (upserted when newer than the stored one). */
  clientViews: readonly ClientView[];
  /** New timeline rows; a row already present for (clientId, revision) is left as it is. */
  timeline: readonly ClientTimelineEntry[];
  /** Latest state of every manager the batch touched. */
  managers: readonly ManagerRow[];
  /** Latest state of every alert the batch touched (upserted when newer than the stored one). */
  alerts: readonly AlertView[];
  /**
   * Clients whose branch or manager changed in the batch: every alert row of theirs takes the
   * client view's new values (written after the views and alerts above).
   */
  reassignedClients: readonly string[];
  /** Clients whose share of their branch's dashboard figures changed: added to the aggregates. */
  branchMembers: readonly BranchMemberChange[];
  /** Latest state of every risk case the batch touched (upserted when newer than the stored one). */
  riskCases: readonly RiskCaseRow[];
  /** Clients whose agenda entries changed: their rows are replaced by these. */
  agenda: readonly ClientAgendaItems[];
  /** Clients whose opportunities changed: their rows are replaced by these. */
  opportunities: readonly ClientOpportunities[];
  /** Clients whose complaint rows changed (a complaint event, a reassignment): their rows are replaced by these. */
  complaints: readonly ClientComplaints[];
  /** Clients whose feedback rows changed (a feedback event, a reassignment): their rows are replaced by these. */
  feedback: readonly ClientFeedback[];
  /** Satisfaction answers recorded in the batch; an answer already stored is left as it is. */
  satisfactionResponses: readonly SatisfactionResponseRow[];
  /** Internal work started, re-dated or finished in the batch, in log order (service levels). */
  serviceTimes: readonly ServiceTimeChange[];
  /** Ratings of departments recorded in the batch; a rating already stored is left as it is. */
  departmentRatings: readonly DepartmentRatingRow[];
  /**
   * Clients whose legal name or registration number changed (or was erased), with the new values in
   * the clear: their blind-index terms are replaced (search/search-terms.ts); nothing else stores these.
   */
  searchValues: readonly SearchValues[];
}>;

export type TimelineQuery = Readonly<{
  /** Cursor from a previous page: only entries with a lower revision. */
  before?: string;
  limit: number;
}>;

/** SQL of the client_view and client_timeline tables. */
export interface ClientViewRepository {
  /** Stored documents as the projection left them (no manager join), keyed by client id. */
  loadViews(clientIds: readonly string[]): Promise<Map<string, ClientView>>;
  /** The view for queries: manager name and current level joined from `managers`. */
  getClientView(clientId: string): Promise<ClientView | null>;
  /** Newest first, cursor-paged on revision. */
  getTimeline(clientId: string, query: TimelineQuery): Promise<TimelinePage>;
}

/**
 * Reads of the client list columns of `client_view` (ClientListQueries turns them into figures).
 * A `scope` is written into each statement's WHERE clause: rows outside it are never read.
 */
export interface ClientListRepository {
  /** Every client and prospect the manager covers (within `scope`), unordered. */
  portfolioRows(managerId: string, scope?: ClientScope): Promise<PortfolioRow[]>;
  /** Up to `limit` matches with client_id > `after` (within `search.scope`), in client_id order. */
  searchRows(search: ClientSearch, after: string, limit: number): Promise<ClientSearchItem[]>;
  /** The client's branch and covering manager as projected; null for a client the view does not hold. */
  clientLocation(clientId: string): Promise<ClientLocation | null>;
  /** The branch's clients and prospects (within `scope`) with no manager or a departed one, unordered. */
  uncoveredRows(branchId: string, scope?: ClientScope): Promise<UncoveredClient[]>;
}

/** The branch dashboard's aggregates, kept by the client read models' projector. */
export interface BranchFiguresRepository {
  /**
   * The figures of the branch's clients and prospects within `scope` (managers at their current
   * level), core clients counting as covered when last contacted at or after `coveredSince` (epoch ms).
   */
  figures(branchId: string, coveredSince: number, scope?: ClientScope): Promise<BranchFigures>;
}

/** SQL of the managers projection. */
export interface ManagerRepository {
  loadManagers(managerIds: readonly string[]): Promise<Map<string, ManagerRow>>;
  getManager(managerId: string): Promise<ManagerRow | null>;
}

/** Keyset position of the alert list, newest raised first: the last row of the previous page. */
export type AlertListAfter = Readonly<{ raisedAt: string; alertId: string }>;

/** SQL of the `alerts` table (one of the client read models: same projector and checkpoint as client_view). */
export interface AlertRepository {
  /** Stored rows keyed by alert id. */
  loadAlerts(alertIds: readonly string[]): Promise<Map<string, AlertView>>;
  getAlert(alertId: string): Promise<AlertView | null>;
  /** Up to `limit` rows after `after` (from the start when null), newest raised first; `query.cursor` and `query.limit` are ignored. */
  listAlerts(query: AlertListQuery, after: AlertListAfter | null, limit: number): Promise<AlertView[]>;
}

/** The `risk_cases` rows: one per case, for the case list. */
export interface RiskCaseRepository {
  /** Stored rows keyed by case id. */
  loadCases(caseIds: readonly string[]): Promise<Map<string, RiskCaseRow>>;
  /** Up to `limit` rows after `after` (from the start when null), soonest due first; `query.cursor` and `query.limit` are ignored. */
  listCases(query: RiskCaseListQuery, after: RiskCaseListAfter | null, limit: number): Promise<RiskCaseRow[]>;
}

/** What one agenda read asks for; times are ISO-8601. */
export type AgendaRowsQuery = Readonly<{
  managerId: string;
  from: string;
  to: string;
  /** A core client whose last contact is before this (or who has none) is out of coverage. */
  contactedSince: string;
  /** A feedback answer that came before this has left the agenda. */
  answersSince: string;
  scope: ClientScope;
}>;

/** The `agenda_items` rows, and the manager's core clients out of coverage from `client_view`. */
export interface AgendaRepository {
  /** Each list up to `limit` rows, in no particular order (agendaOf sorts). */
  agendaRows(query: AgendaRowsQuery, limit: number): Promise<AgendaRows>;
}

/** Whose pipeline: the opportunities a manager opened, or those of a branch's clients. */
export type PipelineOwner = Readonly<{ kind: 'manager' | 'branch'; id: string }>;

/** The `opportunities` rows; `scope` is written into each statement like the lists' scopes. */
export interface OpportunityRepository {
  openOpportunities(owner: PipelineOwner, scope: ClientScope): Promise<OpportunityRow[]>;
  /** Stage, amount and currency of each open one (what the totals need, for a branch's many). */
  openAmounts(owner: PipelineOwner, scope: ClientScope): Promise<OpenAmount[]>;
  /** Opportunities won and lost at or after `since` (ISO-8601). */
  closedSince(owner: PipelineOwner, since: string, scope: ClientScope): Promise<{ won: number; lost: number }>;
}

/** The `complaints` rows; `scope` is written into each statement like the lists' scopes. */
export interface ComplaintRepository {
  /**
   * Up to `limit` rows after `after` (from the start when null), newest received first; overdue
   * judged at `now` (ISO-8601 UTC); `query.cursor` and `query.limit` are ignored.
   */
  listComplaints(
    query: ComplaintListQuery,
    after: ComplaintListAfter | null,
    now: string,
    limit: number,
  ): Promise<ComplaintRow[]>;
  /** The branch's complaints (within `scope`) received, acknowledged or resolved in the window, each once. */
  monthRows(branchId: string, window: MonthWindow, scope: ClientScope): Promise<ComplaintRow[]>;
}

/** The `service_times` and `department_ratings` rows, for the internal service levels. */
export interface ServiceLevelRepository {
  /** Work finished in [start, end) (ISO-8601 UTC), whenever it started. */
  endedBetween(start: string, end: string): Promise<EndedServiceTime[]>;
  /** Ratings given in [start, end). */
  ratingsBetween(start: string, end: string): Promise<RatingScore[]>;
}

/** The `satisfaction_responses` rows, for the NPS and CSAT figures. */
export interface SatisfactionRepository {
  /**
   * The answers of `subject` in [bounds[0], bounds[last]) (ISO-8601 UTC), counted by `groupBy`
   * and by self-reported or not. For `period` a group is the start of the range it falls in
   * ([bounds[i], bounds[i + 1])); for the others the manager, tier (null: none) or branch.
   */
  counts(
    subject: SatisfactionSubject,
    bounds: readonly string[],
    groupBy: SatisfactionGroupBy,
  ): Promise<SatisfactionCountRow[]>;
}

/** The `feedback` rows: the departments' queues and the products' counts. */
export interface FeedbackRepository {
  /** Up to `limit` rows of the department's queue after `after` (from the start when null), oldest forwarded first. */
  queue(query: FeedbackQueueQuery, after: FeedbackQueueAfter | null, limit: number): Promise<FeedbackRow[]>;
  /** One feedback, whatever its department; null when there is none such. */
  feedback(feedbackId: string): Promise<FeedbackRow | null>;
  /** The product's rows counted by theme and status. */
  productCounts(productCode: string): Promise<FeedbackCount[]>;
}

/** The reads a projector folds its documents from. */
export type ProjectionDocuments = Readonly<{
  clientViews: Pick<ClientViewRepository, 'loadViews'>;
  managers: Pick<ManagerRepository, 'loadManagers'>;
  alerts: Pick<AlertRepository, 'loadAlerts'>;
  riskCases: Pick<RiskCaseRepository, 'loadCases'>;
}>;

/** A batch's changes part by part, each part folded from documents read through `documents`. */
export type ProjectionParts = (documents: ProjectionDocuments) => AsyncIterable<ProjectionChanges>;

export interface ReadModelStore {
  readonly feedback: FeedbackRepository;
  readonly satisfaction: SatisfactionRepository;
  readonly serviceLevels: ServiceLevelRepository;
  readonly riskCases: RiskCaseRepository;
  readonly complaints: ComplaintRepository;
  readonly agenda: AgendaRepository;
  readonly opportunities: OpportunityRepository;
  readonly clientViews: ClientViewRepository;
  readonly managers: ManagerRepository;
  readonly clientLists: ClientListRepository;
  readonly alerts: AlertRepository;
  readonly branchFigures: BranchFiguresRepository;

  /** Position of the last event projection `name` committed; 0n before the first batch. */
  checkpoint(name: string): Promise<bigint>;

  /**
   * Applies `changes` and moves checkpoint `name` from `from` to `to` atomically. Throws
   * CheckpointMovedError (and changes nothing) when the stored checkpoint is not `from`, so two
   * projector instances on one database can never both apply a batch.
   */
  commit(name: string, from: bigint, to: bigint, changes: ProjectionChanges): Promise<void>;

  /**
   * As `commit`, with the changes made in parts inside its one transaction: `parts` reads the
   * documents it folds through `documents`, which read inside the transaction (they see what the
   * earlier parts wrote), and yields each part's changes, written before the next part is made.
   * A large batch then holds one part's documents at a time.
   */
  commitInParts(name: string, from: bigint, to: bigint, parts: ProjectionParts): Promise<void>;

  /** Empties the read models of projection `name` and its checkpoint, for a replay from 0. */
  reset(name: string): Promise<void>;

  /**
   * After a batch that erased a client's personal data: moves the bytes the overwrite freed out of
   * the database's files where the engine keeps them (SQLite: checkpoint and truncate the WAL).
   * Absent where there is nothing to do in-process (PostgreSQL: dead row versions wait for VACUUM).
   */
  purgeFreedSpace?(): Promise<void>;

  /**
   * Reads the pages the client view is served from, so the first reads after a start find them in
   * memory (bounded by `options`). Absent where the engine keeps its own cache out of process
   * (PostgreSQL: shared buffers survive an API restart).
   */
  warmViewPages?(options: WarmUpOptions): Promise<ViewPagesWarmUp>;

  close(): Promise<void>;
}

export type WarmUpProgress = Readonly<{
  /** Primary-key entries read, of `total` (about: the highest rowid). */
  keys: number;
  /** View rows read, and the bytes of their documents. */
  rows: number;
  total: number;
  bytes: number;
  budgetBytes: number;
}>;

export type WarmUpOptions = Readonly<{
  /** Stop once this many bytes of view documents have been read. */
  budgetBytes: number;
  /** …or after this long, whatever is left. */
  maxMs: number;
  /** Called about once a second, and once at the end. */
  onProgress?: (progress: WarmUpProgress) => void;
}>;

export type ViewPagesWarmUp = Omit<WarmUpProgress, 'budgetBytes'> &
  Readonly<{
    /** Every row was read within the bounds. */
    complete: boolean;
    seconds: number;
    /** A few hundred client ids spread over the table, for the caller to read whole views with. */
    sampleClientIds: readonly string[];
  }>;

export class CheckpointMovedError extends Error {
  constructor(
    readonly projection: string,
    readonly expected: bigint,
    readonly actual: bigint,
  ) {
    super(`projection ${projection}: checkpoint expected at ${expected}, found ${actual}`);
    this.name = 'CheckpointMovedError';
  }
}
