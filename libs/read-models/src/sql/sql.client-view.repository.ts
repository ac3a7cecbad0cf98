import type { ClientView } from '../client-view/client-view';
import { listColumnsOf } from '../client-list/client-list-columns';
import type { ClientViewRepository, TimelineQuery } from '../store/read-model-store.port';
import type { ClientTimelineEntry, TimelinePage } from '../timeline/client-timeline-entry';
import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import type { GenerationTables } from './projection-generation';
import type { BulkInsert, SqlInteger, SqlSession } from './sql-executor';

type DocRow = { client_id: string; doc: string };
type ViewWithManagerRow = { doc: string; manager_name: string | null; manager_level: string | null };
type TimelineRow = { client_id: string; revision: SqlInteger; position: SqlInteger; type: string; occurred_at: string; doc: string };
/** What the timeline `doc` column holds: the entry minus what its own columns already store. */
type TimelineDoc = Pick<ClientTimelineEntry, 'recordedAt' | 'actor' | 'details'>;

/**
 * All SQL of the client_view and client_timeline tables, for every engine, on one
 * generation's tables; `db` is the executor, or a transaction that reads what it writes (a switch).
 */
export class SqlClientViewRepository implements ClientViewRepository {
  private readonly selectDocs: string;
  private readonly selectWithManager: string;
  private readonly selectTimeline: string;
  private readonly upsertViews: BulkInsert;
  private readonly insertTimelineRows: BulkInsert;
  private readonly deleteViews: string;
  private readonly deleteTimeline: string;

  constructor(
    private readonly db: SqlSession,
    tables: GenerationTables,
  ) {
    const d = db.dialect;
    const views = tables.clientView;
    const timeline = tables.timeline;
    this.selectDocs = `SELECT client_id, doc FROM ${views} WHERE ${d.inJsonArray('client_id')}`;
    this.selectWithManager = `SELECT v.doc, m.name AS manager_name, m.level AS manager_level
        FROM ${views} v LEFT JOIN ${tables.managers} m ON m.manager_id = v.manager_id
       WHERE v.client_id = ?`;
    // The cast keeps PostgreSQL from typing the cursor as the int4 column (an open cursor is 2^53 - 1).
    this.selectTimeline = `SELECT client_id, revision, position, type, occurred_at, doc
        FROM ${timeline} WHERE client_id = ? AND revision < CAST(? AS BIGINT) ORDER BY revision DESC LIMIT ?`;
    // The revision guard makes a re-applied batch a no-op even if the checkpoint were ever behind.
    // Equal revisions pass: alert events change a view's open alerts without a client-stream event,
    // and a replayed batch re-derives the same open alerts from the alert rows' own revision guard.
    // legal_name … open_alerts_* are the list columns (ClientListColumns), written with the document.
    this.upsertViews = {
      table: views,
      alias: 'cur',
      columns: [
        { name: 'client_id', type: 'text' },
        { name: 'branch_id', type: 'text' },
        { name: 'manager_id', type: 'text' },
        { name: 'tier', type: 'text' },
        { name: 'status', type: 'text' },
        { name: 'doc', type: 'json' },
        { name: 'revision', type: 'integer' },
        { name: 'position', type: 'bigint' },
        { name: 'updated_at', type: 'text' },
        { name: 'legal_name', type: 'text' },
        { name: 'registration_no', type: 'text' },
        { name: 'risk_level', type: 'text' },
        { name: 'last_contact_at', type: 'text' },
        { name: 'follow_up_dues', type: 'text' },
        { name: 'annual_contribution', type: 'text' },
        { name: 'open_products', type: 'integer' },
        { name: 'last_nps', type: 'integer' },
        { name: 'open_alerts_low', type: 'integer' },
        { name: 'open_alerts_medium', type: 'integer' },
        { name: 'open_alerts_high', type: 'integer' },
        { name: 'open_alerts_critical', type: 'integer' },
      ],
      onConflict: `ON CONFLICT (client_id) DO UPDATE SET
          branch_id = excluded.branch_id, manager_id = excluded.manager_id, tier = excluded.tier,
          status = excluded.status, doc = excluded.doc, revision = excluded.revision,
          position = excluded.position, updated_at = excluded.updated_at,
          legal_name = excluded.legal_name, registration_no = excluded.registration_no,
          risk_level = excluded.risk_level, last_contact_at = excluded.last_contact_at,
          follow_up_dues = excluded.follow_up_dues, annual_contribution = excluded.annual_contribution,
          open_products = excluded.open_products, last_nps = excluded.last_nps,
          open_alerts_low = excluded.open_alerts_low, open_alerts_medium = excluded.open_alerts_medium,
          open_alerts_high = excluded.open_alerts_high, open_alerts_critical = excluded.open_alerts_critical
        WHERE excluded.revision >= cur.revision`,
    };
    this.insertTimelineRows = {
      table: timeline,
      alias: 'cur',
      columns: [
        { name: 'client_id', type: 'text' },
        { name: 'revision', type: 'integer' },
        { name: 'position', type: 'bigint' },
        { name: 'type', type: 'text' },
        { name: 'occurred_at', type: 'text' },
        { name: 'doc', type: 'json' },
      ],
      onConflict: 'ON CONFLICT DO NOTHING',
    };
    this.deleteViews = `DELETE FROM ${views}`;
    this.deleteTimeline = `DELETE FROM ${timeline}`;
  }

  async loadViews(clientIds: readonly string[]): Promise<Map<string, ClientView>> {
    const views = new Map<string, ClientView>();
    if (clientIds.length === 0) return views;
    for (const row of await this.db.query<DocRow>(this.selectDocs, [JSON.stringify(clientIds)])) {
      views.set(row.client_id, JSON.parse(row.doc) as ClientView);
    }
    return views;
  }

  async getClientView(clientId: string): Promise<ClientView | null> {
    const [row] = await this.db.query<ViewWithManagerRow>(this.selectWithManager, [clientId]);
    if (row === undefined) return null;
    const view = JSON.parse(row.doc) as ClientView;
    if (view.manager === null || row.manager_name === null) return view;
    // The managers read model is newer than ManagerAssigned's snapshot of the level.
    return {
      ...view,
      manager: { ...view.manager, name: row.manager_name, level: (row.manager_level ?? view.manager.level) as typeof view.manager.level },
    };
  }

  async getTimeline(clientId: string, query: TimelineQuery): Promise<TimelinePage> {
    const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : parseCursor(query.before);
    const limit = Math.max(1, Math.min(query.limit, 500));
    // One row more than asked tells whether an older page exists without a COUNT.
    const rows = await this.db.query<TimelineRow>(this.selectTimeline, [clientId, before, limit + 1]);
    const entries = rows.slice(0, limit).map(toTimelineEntry);
    const nextCursor = rows.length > limit ? String(entries[entries.length - 1].revision) : null;
    return { entries, nextCursor };
  }

  /** Called by the store inside its batch transaction. */
  saveViews(tx: SqlSession, views: readonly ClientView[]): Promise<void> {
    return tx.insertMany(
      this.upsertViews,
      views.map((v) => {
        const c = listColumnsOf(v);
        return [
          v.id, v.branchId, v.manager?.id ?? null, v.tier, v.status, v, v.revision, v.position, v.updatedAt,
          c.legalName, c.registrationNo, c.riskLevel, c.lastContactAt, c.followUpDues, c.annualContribution,
          c.openProducts, c.lastNps, c.openAlerts.low, c.openAlerts.medium, c.openAlerts.high, c.openAlerts.critical,
        ];
      }),
    );
  }

  /** Called by the store inside its batch transaction. */
  insertTimeline(tx: SqlSession, entries: readonly ClientTimelineEntry[]): Promise<void> {
    return tx.insertMany(
      this.insertTimelineRows,
      entries.map((e) => {
        const doc: TimelineDoc = { recordedAt: e.recordedAt, actor: e.actor, details: e.details };
        return [e.clientId, e.revision, e.position, e.type, e.occurredAt, doc];
      }),
    );
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteViews);
    await tx.run(this.deleteTimeline);
  }
}

const toTimelineEntry = (row: TimelineRow): ClientTimelineEntry => {
  const doc = JSON.parse(row.doc) as TimelineDoc;
  return {
    clientId: row.client_id,
    revision: Number(row.revision),
    position: String(row.position),
    type: row.type,
    occurredAt: row.occurred_at,
    recordedAt: doc.recordedAt,
    actor: doc.actor,
    details: doc.details,
  };
};

const parseCursor = (cursor: string): number => {
  if (!/^\d{1,15}$/.test(cursor)) throw new InvalidCursorError();
  return Number(cursor);
};
