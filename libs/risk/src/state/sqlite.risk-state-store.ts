import type Database from 'better-sqlite3';
import type { ClientRiskState, ComplaintDeadline, GroupMemberExposure, GroupStanding, Severity } from '@crm/domain';
import { openSqlite } from '@crm/sql';
import { complaintEntryOf } from './complaint-deadline-row';
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

type StateRow = { state: string; revision: number };
type ParkedRow = { seq: number; payload: string; error: string; attempts: number; parked_at: string };
type ParkedClientRow = { client_id: string; held: number; since: string; error: string; attempts: number };

/**
 * Risk state in a SQLite file, for the embedded default and tests. WAL with synchronous=NORMAL:
 * a process crash loses nothing; a power cut may lose the last saves, which the monitor's replay
 * and the alert decider's idempotence absorb. FULL would fsync on every event inside the API's
 * event loop (better-sqlite3 is synchronous), which the alert-latency bench showed costing seconds.
 */
export class SqliteRiskStateStore implements RiskStateStore {
  // Prepared once: load and save run for every relevant event, and preparing was a tenth of their cost.
  private readonly selectState: Database.Statement<[string], StateRow>;
  private readonly upsertState: Database.Statement<[string, number, number, string]>;

  private constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS risk_client_state (
        client_id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        covered INTEGER NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS risk_client_state_covered ON risk_client_state (covered) WHERE covered = 1;
      CREATE TABLE IF NOT EXISTS risk_parked (
        client_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        payload TEXT NOT NULL,
        error TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        parked_at TEXT NOT NULL,
        PRIMARY KEY (client_id, seq)
      ) STRICT;
      CREATE TABLE IF NOT EXISTS risk_case_index (
        client_id TEXT PRIMARY KEY,
        episode INTEGER NOT NULL,
        open INTEGER NOT NULL,
        due_by TEXT,
        overdue INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS risk_case_index_due ON risk_case_index (due_by) WHERE open = 1 AND overdue = 0;
      CREATE TABLE IF NOT EXISTS risk_group_member (
        group_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        exposure TEXT NOT NULL,
        PRIMARY KEY (group_id, client_id)
      ) STRICT;
      CREATE TABLE IF NOT EXISTS risk_group_standing (
        group_id TEXT PRIMARY KEY,
        band TEXT,
        episode INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS risk_complaint_deadline (
        client_id TEXT NOT NULL,
        complaint_id TEXT NOT NULL,
        acknowledge_by TEXT,
        due_by TEXT NOT NULL,
        acknowledged INTEGER NOT NULL,
        escalated_ack INTEGER NOT NULL,
        escalated_res INTEGER NOT NULL,
        PRIMARY KEY (client_id, complaint_id)
      ) STRICT;
      CREATE INDEX IF NOT EXISTS risk_complaint_ack_due ON risk_complaint_deadline (acknowledge_by)
        WHERE acknowledged = 0 AND escalated_ack = 0;
      CREATE INDEX IF NOT EXISTS risk_complaint_res_due ON risk_complaint_deadline (due_by) WHERE escalated_res = 0;`);
    this.selectState = db.prepare('SELECT state, revision FROM risk_client_state WHERE client_id = ?');
    this.upsertState = db.prepare(
      `INSERT INTO risk_client_state (client_id, revision, covered, state) VALUES (?, ?, ?, ?)
      ON CONFLICT (client_id) DO UPDATE SET revision = excluded.revision, covered = excluded.covered, state = excluded.state`,
    );
  }

  static open(path: string): SqliteRiskStateStore {
    return new SqliteRiskStateStore(openSqlite(path, { synchronous: 'NORMAL' }));
  }

  async load(clientId: string): Promise<StoredRiskState | null> {
    const row = this.selectState.get(clientId);
    return row ? { state: JSON.parse(row.state) as ClientRiskState, revision: row.revision } : null;
  }

  async save(clientId: string, stored: StoredRiskState, covered: boolean): Promise<void> {
    this.upsertState.run(clientId, stored.revision, covered ? 1 : 0, JSON.stringify(stored.state));
  }

  async coveredClients(): Promise<string[]> {
    return (
      this.db.prepare('SELECT client_id FROM risk_client_state WHERE covered = 1 ORDER BY client_id').all() as {
        client_id: string;
      }[]
    ).map((row) => row.client_id);
  }

  async caseOf(clientId: string): Promise<RiskCaseEntry | null> {
    const row = this.db
      .prepare('SELECT episode, open, due_by, overdue FROM risk_case_index WHERE client_id = ?')
      .get(clientId) as { episode: number; open: number; due_by: string | null; overdue: number } | undefined;
    return row ? { episode: row.episode, open: row.open === 1, dueBy: row.due_by, overdue: row.overdue === 1 } : null;
  }

  async saveCase(clientId: string, entry: RiskCaseEntry): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO risk_case_index (client_id, episode, open, due_by, overdue) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (client_id) DO UPDATE SET episode = excluded.episode, open = excluded.open,
          due_by = excluded.due_by, overdue = excluded.overdue`,
      )
      .run(clientId, entry.episode, entry.open ? 1 : 0, entry.dueBy, entry.overdue ? 1 : 0);
  }

  async casesDue(now: string): Promise<{ clientId: string; episode: number }[]> {
    return (
      this.db
        .prepare(
          `SELECT client_id, episode FROM risk_case_index
          WHERE open = 1 AND overdue = 0 AND due_by <= ? ORDER BY client_id`,
        )
        .all(now) as { client_id: string; episode: number }[]
    ).map((row) => ({ clientId: row.client_id, episode: row.episode }));
  }

  async saveGroupMember(groupId: string, clientId: string, exposure: string | null): Promise<void> {
    if (exposure === null) {
      this.db.prepare('DELETE FROM risk_group_member WHERE group_id = ? AND client_id = ?').run(groupId, clientId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO risk_group_member (group_id, client_id, exposure) VALUES (?, ?, ?)
        ON CONFLICT (group_id, client_id) DO UPDATE SET exposure = excluded.exposure`,
      )
      .run(groupId, clientId, exposure);
  }

  async groupMembers(groupId: string): Promise<GroupMemberExposure[]> {
    return (
      this.db
        .prepare('SELECT client_id, exposure FROM risk_group_member WHERE group_id = ? ORDER BY client_id')
        .all(groupId) as { client_id: string; exposure: string }[]
    ).map((row) => ({ clientId: row.client_id, exposure: row.exposure }));
  }

  async groupStanding(groupId: string): Promise<GroupStanding | null> {
    const row = this.db.prepare('SELECT band, episode FROM risk_group_standing WHERE group_id = ?').get(groupId) as
      { band: Severity | null; episode: number } | undefined;
    return row ? { band: row.band, episode: row.episode } : null;
  }

  async saveGroupStanding(groupId: string, standing: GroupStanding): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO risk_group_standing (group_id, band, episode) VALUES (?, ?, ?)
        ON CONFLICT (group_id) DO UPDATE SET band = excluded.band, episode = excluded.episode`,
      )
      .run(groupId, standing.band, standing.episode);
  }

  async complaint(clientId: string, complaintId: string): Promise<ComplaintDeadlineEntry | null> {
    const row = this.db
      .prepare(
        `SELECT acknowledge_by, due_by, acknowledged, escalated_ack, escalated_res FROM risk_complaint_deadline
        WHERE client_id = ? AND complaint_id = ?`,
      )
      .get(clientId, complaintId) as ComplaintRow | undefined;
    return row === undefined ? null : complaintEntryOf(row, (flag) => flag === 1);
  }

  async saveComplaint(clientId: string, complaintId: string, entry: ComplaintDeadlineEntry | null): Promise<void> {
    if (entry === null) {
      this.db
        .prepare('DELETE FROM risk_complaint_deadline WHERE client_id = ? AND complaint_id = ?')
        .run(clientId, complaintId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO risk_complaint_deadline
          (client_id, complaint_id, acknowledge_by, due_by, acknowledged, escalated_ack, escalated_res)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (client_id, complaint_id) DO UPDATE SET acknowledge_by = excluded.acknowledge_by,
          due_by = excluded.due_by, acknowledged = excluded.acknowledged,
          escalated_ack = excluded.escalated_ack, escalated_res = excluded.escalated_res`,
      )
      .run(
        clientId,
        complaintId,
        entry.acknowledgeBy,
        entry.dueBy,
        entry.acknowledged ? 1 : 0,
        entry.escalated.includes('acknowledgement') ? 1 : 0,
        entry.escalated.includes('resolution') ? 1 : 0,
      );
  }

  async complaintsDue(now: string): Promise<DueComplaint[]> {
    return (
      this.db
        .prepare(
          `SELECT client_id, complaint_id, 'acknowledgement' AS deadline FROM risk_complaint_deadline
            WHERE acknowledged = 0 AND escalated_ack = 0 AND acknowledge_by < ?
          UNION ALL
          SELECT client_id, complaint_id, 'resolution' AS deadline FROM risk_complaint_deadline
            WHERE escalated_res = 0 AND due_by < ?
          ORDER BY client_id, complaint_id, deadline`,
        )
        .all(now, now) as { client_id: string; complaint_id: string; deadline: ComplaintDeadline }[]
    ).map((row) => ({ clientId: row.client_id, complaintId: row.complaint_id, deadline: row.deadline }));
  }

  async park(clientId: string, payload: ParkedPayload, error: string, at: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO risk_parked (client_id, seq, payload, error, attempts, parked_at)
        VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM risk_parked WHERE client_id = ?), ?, ?, 1, ?)`,
      )
      .run(clientId, clientId, JSON.stringify(payload), error, at);
  }

  async parkedEntries(clientId: string): Promise<ParkedEntry[]> {
    return (
      this.db
        .prepare('SELECT seq, payload, error, attempts, parked_at FROM risk_parked WHERE client_id = ? ORDER BY seq')
        .all(clientId) as ParkedRow[]
    ).map((row) => ({
      seq: row.seq,
      payload: JSON.parse(row.payload) as ParkedPayload,
      error: row.error,
      attempts: row.attempts,
      parkedAt: row.parked_at,
    }));
  }

  async parkedClients(): Promise<ParkedClient[]> {
    return (
      this.db
        .prepare(
          `SELECT client_id, count(*) AS held, min(parked_at) AS since,
            (SELECT error FROM risk_parked f WHERE f.client_id = p.client_id ORDER BY seq LIMIT 1) AS error,
            (SELECT attempts FROM risk_parked f WHERE f.client_id = p.client_id ORDER BY seq LIMIT 1) AS attempts
          FROM risk_parked p GROUP BY client_id ORDER BY client_id`,
        )
        .all() as ParkedClientRow[]
    ).map((row) => ({
      clientId: row.client_id,
      held: row.held,
      since: row.since,
      error: row.error,
      attempts: row.attempts,
    }));
  }

  async removeParked(clientId: string, seq: number): Promise<void> {
    this.db.prepare('DELETE FROM risk_parked WHERE client_id = ? AND seq = ?').run(clientId, seq);
  }

  async recordAttempt(clientId: string, seq: number, error: string): Promise<void> {
    this.db
      .prepare('UPDATE risk_parked SET attempts = attempts + 1, error = ? WHERE client_id = ? AND seq = ?')
      .run(error, clientId, seq);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

type ComplaintRow = {
  acknowledge_by: string | null;
  due_by: string;
  acknowledged: number;
  escalated_ack: number;
  escalated_res: number;
};
