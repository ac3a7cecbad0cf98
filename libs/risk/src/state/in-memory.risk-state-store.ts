import type { ComplaintDeadline, GroupMemberExposure, GroupStanding } from '@crm/domain';
import type {
  ComplaintDeadlineEntry,
  DueComplaint,
  ParkedClient,
  ParkedEntry,
  ParkedPayload,
  RiskCaseEntry,
  RiskStateStore,
  StoredRiskState,
} from './risk-state-store.port';

/** For the back-test: the same monitor, state in memory, nothing written anywhere. */
export class InMemoryRiskStateStore implements RiskStateStore {
  private readonly states = new Map<string, { stored: StoredRiskState; covered: boolean }>();
  private readonly parkedByClient = new Map<string, ParkedEntry[]>();
  private readonly cases = new Map<string, RiskCaseEntry>();
  private readonly groups = new Map<string, Map<string, string>>();
  private readonly standings = new Map<string, GroupStanding>();
  private readonly complaints = new Map<
    string,
    { clientId: string; complaintId: string; entry: ComplaintDeadlineEntry }
  >();

  async load(clientId: string): Promise<StoredRiskState | null> {
    return this.states.get(clientId)?.stored ?? null;
  }

  async save(clientId: string, stored: StoredRiskState, covered: boolean): Promise<void> {
    this.states.set(clientId, { stored, covered });
  }

  async coveredClients(): Promise<string[]> {
    return [...this.states]
      .filter(([, entry]) => entry.covered)
      .map(([clientId]) => clientId)
      .sort();
  }

  async caseOf(clientId: string): Promise<RiskCaseEntry | null> {
    return this.cases.get(clientId) ?? null;
  }

  async saveCase(clientId: string, entry: RiskCaseEntry): Promise<void> {
    this.cases.set(clientId, entry);
  }

  async casesDue(now: string): Promise<{ clientId: string; episode: number }[]> {
    return [...this.cases]
      .filter(([, e]) => e.open && !e.overdue && e.dueBy !== null && e.dueBy <= now)
      .map(([clientId, e]) => ({ clientId, episode: e.episode }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId));
  }

  async saveGroupMember(groupId: string, clientId: string, exposure: string | null): Promise<void> {
    const members = this.groups.get(groupId) ?? new Map<string, string>();
    if (exposure === null) members.delete(clientId);
    else members.set(clientId, exposure);
    this.groups.set(groupId, members);
  }

  async groupMembers(groupId: string): Promise<GroupMemberExposure[]> {
    return [...(this.groups.get(groupId) ?? [])]
      .map(([clientId, exposure]) => ({ clientId, exposure }))
      .sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
  }

  async groupStanding(groupId: string): Promise<GroupStanding | null> {
    return this.standings.get(groupId) ?? null;
  }

  async saveGroupStanding(groupId: string, standing: GroupStanding): Promise<void> {
    this.standings.set(groupId, standing);
  }

  async complaint(clientId: string, complaintId: string): Promise<ComplaintDeadlineEntry | null> {
    return this.complaints.get(`${clientId} ${complaintId}`)?.entry ?? null;
  }

  async saveComplaint(clientId: string, complaintId: string, entry: ComplaintDeadlineEntry | null): Promise<void> {
    const key = `${clientId} ${complaintId}`;
    if (entry === null) this.complaints.delete(key);
    else this.complaints.set(key, { clientId, complaintId, entry });
  }

  async complaintsDue(now: string): Promise<DueComplaint[]> {
    return [...this.complaints.values()]
      .flatMap(({ clientId, complaintId, entry }) =>
        dueDeadlines(entry, now).map((deadline) => ({ clientId, complaintId, deadline })),
      )
      .sort((a, b) => byKey(a).localeCompare(byKey(b)));
  }

  async park(clientId: string, payload: ParkedPayload, error: string, at: string): Promise<void> {
    const entries = this.parkedByClient.get(clientId) ?? [];
    entries.push({ seq: (entries[entries.length - 1]?.seq ?? 0) + 1, payload, error, attempts: 1, parkedAt: at });
    this.parkedByClient.set(clientId, entries);
  }

  async parkedEntries(clientId: string): Promise<ParkedEntry[]> {
    return [...(this.parkedByClient.get(clientId) ?? [])];
  }

  async parkedClients(): Promise<ParkedClient[]> {
    return [...this.parkedByClient]
      .filter(([, entries]) => entries.length > 0)
      .map(([clientId, entries]) => ({
        clientId,
        held: entries.length,
        since: entries[0]?.parkedAt ?? '',
        error: entries[0]?.error ?? '',
        attempts: entries[0]?.attempts ?? 0,
      }));
  }

  async removeParked(clientId: string, seq: number): Promise<void> {
    this.parkedByClient.set(
      clientId,
      (this.parkedByClient.get(clientId) ?? []).filter((entry) => entry.seq !== seq),
    );
  }

  async recordAttempt(clientId: string, seq: number, error: string): Promise<void> {
    this.parkedByClient.set(
      clientId,
      (this.parkedByClient.get(clientId) ?? []).map((entry) =>
        entry.seq === seq ? { ...entry, attempts: entry.attempts + 1, error } : entry,
      ),
    );
  }

  async close(): Promise<void> {
    this.states.clear();
  }
}

const byKey = (due: DueComplaint): string => `${due.clientId} ${due.complaintId} ${due.deadline}`;

const dueDeadlines = (entry: ComplaintDeadlineEntry, now: string): ComplaintDeadline[] => [
  ...(!entry.acknowledged &&
  !entry.escalated.includes('acknowledgement') &&
  entry.acknowledgeBy !== null &&
  entry.acknowledgeBy < now
    ? (['acknowledgement'] as const)
    : []),
  ...(!entry.escalated.includes('resolution') && entry.dueBy < now ? (['resolution'] as const) : []),
];
