import type { Pool } from 'pg';
import type { ClientRiskState, ComplaintDeadline, GroupMemberExposure, GroupStanding, Severity } from '@crm/domain';
import {
  assertSchemaName,
  createSchemaInTransaction,
  inTransaction,
  openPool,
  quoteIdentifier,
  TurnBatch,
  type Settlement,
} from '@crm/sql';
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

const ASYNC_COMMIT = '-c synchronous_commit=off';

type StateSave = Readonly<{ clientId: string; revision: number; covered: boolean; state: string }>;

/**
 * Risk state in PostgreSQL, shared by every risk-monitor instance: after a Kafka rebalance the
 * instance that takes over a partition finds its clients' state here.
 */
export class PostgresRiskStateStore implements RiskStateStore {
  /**
   * The monitor evaluates a batch's clients side by side, each loading its state and saving it
   * once evaluated: the loads asked for in one turn of the event loop go to the server as one
   * statement, and so do the saves. One of each per event was a third of the statements a contact
   * over HTTP cost the database (docs/benchmarks.md).
   */
  private readonly loadsOfTurn = new TurnBatch<string, StoredRiskState | null>((ids) => this.loadAll(ids));
  private readonly savesOfTurn = new TurnBatch<StateSave>((saves) => this.saveAll(saves));

  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async open(options: Readonly<{ connectionString: string; schema: string }>): Promise<PostgresRiskStateStore> {
    const s = quoteIdentifier(assertSchemaName(options.schema));
    // Commits without waiting for the WAL flush, as the SQLite store runs at synchronous=NORMAL:
    // a crash of the database server may lose the last saves (never a torn one; and any later
    // durable commit — an alert, the monitor's checkpoint — flushes them first), and the monitor
    // replays from its checkpoint over state whose revision says what it includes, while the alert
    // decider ignores a reading it has already seen. Waiting put a WAL flush on every event.
    const pool = openPool({ connectionString: options.connectionString, max: 4, options: ASYNC_COMMIT });
    const store = new PostgresRiskStateStore(pool, options.schema);
    await inTransaction(pool, async (client) => {
      await createSchemaInTransaction(client, options.schema);
      await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.risk_client_state (
        client_id text PRIMARY KEY,
        revision integer NOT NULL,
        covered boolean NOT NULL,
        state jsonb NOT NULL
      );
      CREATE INDEX IF NOT EXISTS risk_client_state_covered ON ${s}.risk_client_state (client_id) WHERE covered;
      CREATE TABLE IF NOT EXISTS ${s}.risk_parked (
        client_id text NOT NULL,
        seq integer NOT NULL,
        payload jsonb NOT NULL,
        error text NOT NULL,
        attempts integer NOT NULL,
        parked_at text NOT NULL,
        PRIMARY KEY (client_id, seq)
      );
      CREATE TABLE IF NOT EXISTS ${s}.risk_case_index (
        client_id text PRIMARY KEY,
        episode integer NOT NULL,
        open boolean NOT NULL,
        due_by text,
        overdue boolean NOT NULL
      );
      CREATE INDEX IF NOT EXISTS risk_case_index_due ON ${s}.risk_case_index (due_by) WHERE open AND NOT overdue;
      CREATE TABLE IF NOT EXISTS ${s}.risk_group_member (
        group_id text NOT NULL,
        client_id text NOT NULL,
        exposure text NOT NULL,
        PRIMARY KEY (group_id, client_id)
      );
      CREATE TABLE IF NOT EXISTS ${s}.risk_group_standing (
        group_id text PRIMARY KEY,
        band text,
        episode integer NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${s}.risk_complaint_deadline (
        client_id text NOT NULL,
        complaint_id text NOT NULL,
        acknowledge_by text,
        due_by text NOT NULL,
        acknowledged boolean NOT NULL,
        escalated_ack boolean NOT NULL,
        escalated_res boolean NOT NULL,
        PRIMARY KEY (client_id, complaint_id)
      );
      CREATE INDEX IF NOT EXISTS risk_complaint_ack_due ON ${s}.risk_complaint_deadline (acknowledge_by)
        WHERE NOT acknowledged AND NOT escalated_ack;
      CREATE INDEX IF NOT EXISTS risk_complaint_res_due ON ${s}.risk_complaint_deadline (due_by) WHERE NOT escalated_res;`);
    });
    return store;
  }

  private get t(): string {
    return quoteIdentifier(this.schema);
  }

  load(clientId: string): Promise<StoredRiskState | null> {
    return this.loadsOfTurn.add(clientId);
  }

  save(clientId: string, stored: StoredRiskState, covered: boolean): Promise<void> {
    return this.savesOfTurn.add({ clientId, revision: stored.revision, covered, state: JSON.stringify(stored.state) });
  }

  private async loadAll(ids: readonly string[]): Promise<Settlement<StoredRiskState | null>[]> {
    const { rows } = await this.pool.query<{ client_id: string; state: ClientRiskState; revision: number }>(
      `SELECT client_id, state, revision FROM ${this.t}.risk_client_state WHERE client_id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    const stored = new Map(rows.map((row) => [row.client_id, { state: row.state, revision: row.revision }]));
    return ids.map((id) => ({ value: stored.get(id) ?? null }));
  }

  private async saveAll(saves: readonly StateSave[]): Promise<Settlement<void>[]> {
    // One statement may not update a row twice: a client saved twice in the turn keeps its last save.
    const last = [...new Map(saves.map((save) => [save.clientId, save])).values()];
    await this.pool.query(
      `INSERT INTO ${this.t}.risk_client_state (client_id, revision, covered, state)
       SELECT client_id, revision, covered, state::jsonb
         FROM unnest($1::text[], $2::int[], $3::boolean[], $4::text[]) AS saved(client_id, revision, covered, state)
       ON CONFLICT (client_id) DO UPDATE SET revision = excluded.revision, covered = excluded.covered, state = excluded.state`,
      [
        last.map((save) => save.clientId),
        last.map((save) => save.revision),
        last.map((save) => save.covered),
        last.map((save) => save.state),
      ],
    );
    return saves.map(() => ({ value: undefined }));
  }

  async coveredClients(): Promise<string[]> {
    const { rows } = await this.pool.query<{ client_id: string }>(
      `SELECT client_id FROM ${this.t}.risk_client_state WHERE covered ORDER BY client_id`,
    );
    return rows.map((row) => row.client_id);
  }

  async caseOf(clientId: string): Promise<RiskCaseEntry | null> {
    const { rows } = await this.pool.query<{ episode: number; open: boolean; due_by: string | null; overdue: boolean }>(
      `SELECT episode, open, due_by, overdue FROM ${this.t}.risk_case_index WHERE client_id = $1`,
      [clientId],
    );
    const row = rows[0];
    return row ? { episode: row.episode, open: row.open, dueBy: row.due_by, overdue: row.overdue } : null;
  }

  async saveCase(clientId: string, entry: RiskCaseEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.t}.risk_case_index (client_id, episode, open, due_by, overdue) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (client_id) DO UPDATE SET episode = excluded.episode, open = excluded.open,
         due_by = excluded.due_by, overdue = excluded.overdue`,
      [clientId, entry.episode, entry.open, entry.dueBy, entry.overdue],
    );
  }

  async casesDue(now: string): Promise<{ clientId: string; episode: number }[]> {
    const { rows } = await this.pool.query<{ client_id: string; episode: number }>(
      `SELECT client_id, episode FROM ${this.t}.risk_case_index
       WHERE open AND NOT overdue AND due_by <= $1 ORDER BY client_id`,
      [now],
    );
    return rows.map((row) => ({ clientId: row.client_id, episode: row.episode }));
  }

  async saveGroupMember(groupId: string, clientId: string, exposure: string | null): Promise<void> {
    if (exposure === null) {
      await this.pool.query(`DELETE FROM ${this.t}.risk_group_member WHERE group_id = $1 AND client_id = $2`, [
        groupId,
        clientId,
      ]);
      return;
    }
    await this.pool.query(
      `INSERT INTO ${this.t}.risk_group_member (group_id, client_id, exposure) VALUES ($1, $2, $3)
       ON CONFLICT (group_id, client_id) DO UPDATE SET exposure = excluded.exposure`,
      [groupId, clientId, exposure],
    );
  }

  async groupMembers(groupId: string): Promise<GroupMemberExposure[]> {
    const { rows } = await this.pool.query<{ client_id: string; exposure: string }>(
      `SELECT client_id, exposure FROM ${this.t}.risk_group_member WHERE group_id = $1 ORDER BY client_id COLLATE "C"`,
      [groupId],
    );
    return rows.map((row) => ({ clientId: row.client_id, exposure: row.exposure }));
  }

  async groupStanding(groupId: string): Promise<GroupStanding | null> {
    const { rows } = await this.pool.query<{ band: Severity | null; episode: number }>(
      `SELECT band, episode FROM ${this.t}.risk_group_standing WHERE group_id = $1`,
      [groupId],
    );
    const row = rows[0];
    return row ? { band: row.band, episode: row.episode } : null;
  }

  async saveGroupStanding(groupId: string, standing: GroupStanding): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.t}.risk_group_standing (group_id, band, episode) VALUES ($1, $2, $3)
       ON CONFLICT (group_id) DO UPDATE SET band = excluded.band, episode = excluded.episode`,
      [groupId, standing.band, standing.episode],
    );
  }

  async complaint(clientId: string, complaintId: string): Promise<ComplaintDeadlineEntry | null> {
    const { rows } = await this.pool.query<{
      acknowledge_by: string | null;
      due_by: string;
      acknowledged: boolean;
      escalated_ack: boolean;
      escalated_res: boolean;
    }>(
      `SELECT acknowledge_by, due_by, acknowledged, escalated_ack, escalated_res FROM ${this.t}.risk_complaint_deadline
       WHERE client_id = $1 AND complaint_id = $2`,
      [clientId, complaintId],
    );
    const row = rows[0];
    return row === undefined ? null : complaintEntryOf(row, (flag) => flag);
  }

  async saveComplaint(clientId: string, complaintId: string, entry: ComplaintDeadlineEntry | null): Promise<void> {
    if (entry === null) {
      await this.pool.query(
        `DELETE FROM ${this.t}.risk_complaint_deadline WHERE client_id = $1 AND complaint_id = $2`,
        [clientId, complaintId],
      );
      return;
    }
    await this.pool.query(
      `INSERT INTO ${this.t}.risk_complaint_deadline
         (client_id, complaint_id, acknowledge_by, due_by, acknowledged, escalated_ack, escalated_res)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (client_id, complaint_id) DO UPDATE SET acknowledge_by = excluded.acknowledge_by,
         due_by = excluded.due_by, acknowledged = excluded.acknowledged,
         escalated_ack = excluded.escalated_ack, escalated_res = excluded.escalated_res`,
      [
        clientId,
        complaintId,
        entry.acknowledgeBy,
        entry.dueBy,
        entry.acknowledged,
        entry.escalated.includes('acknowledgement'),
        entry.escalated.includes('resolution'),
      ],
    );
  }

  async complaintsDue(now: string): Promise<DueComplaint[]> {
    const { rows } = await this.pool.query<{ client_id: string; complaint_id: string; deadline: ComplaintDeadline }>(
      `SELECT client_id, complaint_id, deadline FROM (
         SELECT client_id, complaint_id, 'acknowledgement' AS deadline FROM ${this.t}.risk_complaint_deadline
           WHERE NOT acknowledged AND NOT escalated_ack AND acknowledge_by < $1
         UNION ALL
         SELECT client_id, complaint_id, 'resolution' AS deadline FROM ${this.t}.risk_complaint_deadline
           WHERE NOT escalated_res AND due_by < $1
       ) due
       ORDER BY client_id COLLATE "C", complaint_id COLLATE "C", deadline COLLATE "C"`,
      [now],
    );
    return rows.map((row) => ({ clientId: row.client_id, complaintId: row.complaint_id, deadline: row.deadline }));
  }

  async park(clientId: string, payload: ParkedPayload, error: string, at: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.t}.risk_parked (client_id, seq, payload, error, attempts, parked_at)
       VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM ${this.t}.risk_parked WHERE client_id = $1), $2, $3, 1, $4)`,
      [clientId, JSON.stringify(payload), error, at],
    );
  }

  async parkedEntries(clientId: string): Promise<ParkedEntry[]> {
    const { rows } = await this.pool.query<{
      seq: number;
      payload: ParkedPayload;
      error: string;
      attempts: number;
      parked_at: string;
    }>(`SELECT seq, payload, error, attempts, parked_at FROM ${this.t}.risk_parked WHERE client_id = $1 ORDER BY seq`, [
      clientId,
    ]);
    return rows.map((row) => ({
      seq: row.seq,
      payload: row.payload,
      error: row.error,
      attempts: row.attempts,
      parkedAt: row.parked_at,
    }));
  }

  async parkedClients(): Promise<ParkedClient[]> {
    const { rows } = await this.pool.query<{
      client_id: string;
      held: string;
      since: string;
      error: string;
      attempts: number;
    }>(
      `SELECT DISTINCT ON (client_id) client_id, count(*) OVER (PARTITION BY client_id) AS held,
              min(parked_at) OVER (PARTITION BY client_id) AS since, error, attempts
         FROM ${this.t}.risk_parked ORDER BY client_id, seq`,
    );
    return rows.map((row) => ({
      clientId: row.client_id,
      held: Number(row.held),
      since: row.since,
      error: row.error,
      attempts: row.attempts,
    }));
  }

  async removeParked(clientId: string, seq: number): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.t}.risk_parked WHERE client_id = $1 AND seq = $2`, [clientId, seq]);
  }

  async recordAttempt(clientId: string, seq: number, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.t}.risk_parked SET attempts = attempts + 1, error = $3 WHERE client_id = $1 AND seq = $2`,
      [clientId, seq, error],
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.loadsOfTurn.drain(), this.savesOfTurn.drain()]);
    await this.pool.end();
  }
}
