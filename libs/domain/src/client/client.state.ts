import type {
  ClientTier,
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
  ComplaintDeadline,
} from '../common/scales';
import type { FingerprintSet } from '../common/fingerprint-set';
import type { CreditChange } from './credit-change';
import type { FeedbackState } from './feedback-status';
import type { ContactDetails } from './client.events';

export type ClientProfile = Readonly<{
  legalName: string;
  registrationNo: string;
  industry: string;
  contact: ContactDetails;
}>;

/** `lapsedAt`: when the manager departed (CoverageLapsed); the client is uncovered since. */
export type CoveringManager = Readonly<{ managerId: string; level: ManagerLevel; lapsedAt?: string }>;

export type FacilityState = Readonly<{
  limit: string;
  currency: string;
  /** '0' until the first utilisation report. */
  drawn: string;
  /** The date the oldest unpaid amount fell due; null when the facility is current. */
  overdueSince: string | null;
  /** '0' when current. */
  amountOverdue: string;
  /** null for facilities recorded before facility types. */
  type: FacilityType | null;
  maturityDate: string | null;
  nextReviewDate: string | null;
}>;

export type RiskFlagState = Readonly<{ type: RiskFlagType; severity: Severity; status: 'open' | 'cleared' }>;

/**
 * The contacts a client ever had, as much as deciding needs: whether an id was logged, whether it
 * asked for a follow-up, and whether that follow-up was completed. Ids only, as fingerprints: a
 * client's contacts grow for as long as the relationship lasts, and their details live in the log
 * and the read models.
 */
export type ContactsState = Readonly<{
  logged: FingerprintSet;
  withFollowUp: FingerprintSet;
  followUpsCompleted: FingerprintSet;
}>;

/** The latest balance of a holding by its as-of date (a bank date). */
export type HoldingBalance = Readonly<{ amount: string; asOf: string }>;

export type HoldingState = Readonly<{
  productCode: string;
  category: ProductCategory;
  status: 'open' | 'closed';
  /** Fixed by the first balance report; null before any. */
  currency: string | null;
  balance: HoldingBalance | null;
}>;

/**
 * The deadlines are absent for complaints received before complaints had them; `escalated` lists
 * the deadlines already escalated (once each).
 */
export type ComplaintState = Readonly<{
  status: 'open' | 'resolved';
  acknowledged?: boolean;
  acknowledgeBy?: string;
  dueBy?: string;
  escalated?: readonly ComplaintDeadline[];
}>;

/** A credit change held for approval, and what became of it. */
export type CreditProposalState = Readonly<{
  change: CreditChange;
  proposedBy: string;
  proposedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why it was rejected; null otherwise. */
  reason: string | null;
}>;

/** The client's visits and tasks by id, with where each stands (details live in the log and the read models). */
export type AgendaState = Readonly<{
  visits: ReadonlyMap<string, 'planned' | 'completed' | 'cancelled'>;
  tasks: ReadonlyMap<string, 'open' | 'completed'>;
}>;

/** A sales opportunity as deciding needs it: open or how it ended, and its stage. */
export type OpportunityState = Readonly<{ status: 'open' | 'won' | 'lost'; stage: OpportunityStage }>;

/**
 * The client's team beside its covering manager: the backup manager (the A/B role), null when
 * none, and the specialists by manager id with their role (at most ten, so a plain map).
 */
export type ClientTeamState = Readonly<{
  backupManagerId: string | null;
  specialists: ReadonlyMap<string, SpecialistRole>;
}>;

/** The client's group: `members` (the others, not the parent) for the parent, null for a member. */
export type ClientGroupState = Readonly<{ groupId: string; members: ReadonlySet<string> | null }>;

/**
 * What the client decider needs to enforce its invariants, folded from the client's stream.
 * It lives in memory only (rebuilt on every command, or cached by StreamStateCache), so it may hold
 * personal profile fields: UpdateProfile has to compare against them to drop unchanged values.
 * Folding PersonalDataErased blanks them, so a cached state forgets them too.
 * Collections are Maps/Sets rather than plain objects so caller-chosen ids such as
 * "constructor" or "__proto__" cannot collide with Object.prototype.
 */
export type ExistingClientState = Readonly<{
  status: 'prospect' | 'client';
  clientId: string;
  branchId: string;
  segment: Segment;
  profile: ClientProfile;
  convertedAt: string | null;
  manager: CoveringManager | null;
  tier: ClientTier | null;
  rating: CreditRating | null;
  classification: LoanClassification | null;
  facilities: ReadonlyMap<string, FacilityState>;
  riskFlags: ReadonlyMap<string, RiskFlagState>;
  contacts: ContactsState;
  holdings: ReadonlyMap<string, HoldingState>;
  complaints: ReadonlyMap<string, ComplaintState>;
  surveyIds: FingerprintSet;
  /** Every feedback forwarded, by id: its department and status (a client has a handful, so kept whole). */
  feedback: ReadonlyMap<string, FeedbackState>;
  /**
   * PersonalDataErased was recorded: the profile reads "[erased]" and commands that would record
   * new personal data are refused. Business facts (credit, products, contact dates) stay.
   */
  personalDataErased: boolean;
  /** The corporate group the client heads or belongs to; null when none (absent before groups existed). */
  group: ClientGroupState | null;
  /** Every credit change proposed for this client, by proposal id (their count numbers the next). */
  creditProposals: ReadonlyMap<string, CreditProposalState>;
  agenda: AgendaState;
  /** Every sales opportunity opened with the client, by id. */
  opportunities: ReadonlyMap<string, OpportunityState>;
  team: ClientTeamState;
}>;

export type ClientState = Readonly<{ status: 'none' }> | ExistingClientState;

export const initialClientState: ClientState = { status: 'none' };

/** The id of the manager currently covering the client, for handlers that load its snapshot. */
export const currentManagerId = (state: ClientState): string | null =>
  state.status === 'none' ? null : (state.manager?.managerId ?? null);
