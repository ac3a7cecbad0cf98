import type { ClientRiskState, ComplaintDeadline, GroupMemberExposure, GroupStanding, RiskEvent } from '@crm/domain';

export type StoredRiskState = Readonly<{ state: ClientRiskState; revision: number }>;

/** An input the monitor could not process yet, kept in arrival order per client. */
export type ParkedPayload =
  | Readonly<{
      kind: 'event';
      revision: number;
      event: RiskEvent;
      /** The trace the event came in (Kafka header or event metadata), continued by the evaluation. */
      traceparent?: string;
      tracestate?: string;
    }>
  /** A message that failed its contract: kept as received, retried after an upgrade. */
  | Readonly<{ kind: 'raw'; value: string; origin: string }>;

export type ParkedEntry = Readonly<{
  seq: number;
  payload: ParkedPayload;
  error: string;
  attempts: number;
  parkedAt: string;
}>;

/**
 * Where the case keeper stands with a client's risk cases: the episode of the latest case it
 * knows, whether that case is open, its due time and whether it was marked overdue. A hint and a
 * to-do list only: the case streams decide, so a lost or stale entry costs a few reads (the keeper
 * walks forward from episode 1) and never a second case.
 */
export type RiskCaseEntry = Readonly<{ episode: number; open: boolean; dueBy: string | null; overdue: boolean }>;

/**
 * An open complaint's deadlines as the deadline sweep tracks them (docs/decisions.md §59): which
 * it met (acknowledged) and which it has escalated. A resolved complaint has no entry. A hint and
 * a to-do list, as the case index is: the client's stream decides, so a stale entry costs one
 * decision that records nothing.
 */
export type ComplaintDeadlineEntry = Readonly<{
  acknowledgeBy: string | null;
  dueBy: string;
  acknowledged: boolean;
  escalated: readonly ComplaintDeadline[];
}>;

export type DueComplaint = Readonly<{ clientId: string; complaintId: string; deadline: ComplaintDeadline }>;

export type ParkedClient = Readonly<{ clientId: string; held: number; since: string; error: string; attempts: number }>;

/**
 * Durable risk state per client: the folded state, the client-stream revision it includes (so
 * a redelivered event is recognised), and the queue of a parked client's held-back input.
 * Everything here can be rebuilt from the log; it is kept so a restart or a rebalance resumes
 * instead of replaying history.
 */
export interface RiskStateStore {
  load(clientId: string): Promise<StoredRiskState | null>;
  /** `covered` marks the clients the clock sweep looks at (needsClockSweep: core and key, or in arrears). */
  save(clientId: string, stored: StoredRiskState, covered: boolean): Promise<void>;
  coveredClients(): Promise<string[]>;

  caseOf(clientId: string): Promise<RiskCaseEntry | null>;
  saveCase(clientId: string, entry: RiskCaseEntry): Promise<void>;
  /** Clients whose latest case is open, not yet marked overdue, and due at or before `now` (ISO-8601 UTC). */
  casesDue(now: string): Promise<{ clientId: string; episode: number }[]>;

  /**
   * One member's exposure towards its group (EW-GROUP), a row per member so that monitors
   * handling different members at once never overwrite each other; null removes the member.
   */
  saveGroupMember(groupId: string, clientId: string, exposure: string | null): Promise<void>;
  /** The group's members with their exposure, by client id. */
  groupMembers(groupId: string): Promise<GroupMemberExposure[]>;
  groupStanding(groupId: string): Promise<GroupStanding | null>;
  saveGroupStanding(groupId: string, standing: GroupStanding): Promise<void>;

  complaint(clientId: string, complaintId: string): Promise<ComplaintDeadlineEntry | null>;
  /** null removes the entry (the complaint was resolved). */
  saveComplaint(clientId: string, complaintId: string, entry: ComplaintDeadlineEntry | null): Promise<void>;
  /** Deadlines strictly before `now` (ISO-8601 UTC) neither met nor escalated, by client, complaint and deadline. */
  complaintsDue(now: string): Promise<DueComplaint[]>;

  park(clientId: string, payload: ParkedPayload, error: string, at: string): Promise<void>;
  parkedEntries(clientId: string): Promise<ParkedEntry[]>;
  parkedClients(): Promise<ParkedClient[]>;
  removeParked(clientId: string, seq: number): Promise<void>;
  recordAttempt(clientId: string, seq: number, error: string): Promise<void>;

  close(): Promise<void>;
}
