import type { ClientView } from '../client-view/client-view';
import { listColumnsOf } from '../client-list/client-list-columns';
import type { ClientViewRepository, TimelineQuery } from '../store/read-model-store.port';
import type { ClientTimelineEntry, TimelinePage } from '../timeline/client-timeline-entry';
import { InvalidCursorError } from '../timeline/invalid-cursor.error';
import type { GenerationTables } from './projection-generation';
import { CLIENT_TIMELINE_TABLE, CLIENT_VIEW_TABLE } from './read-model.tables';
import type { BulkInsert, SqlInteger, SqlSession } from './sql-executor';
import { columnList, CURRENT_ROW, insertIgnoringConflictsOf, upsertOf } from './table-definition';

type DocRow = { client_id: string; doc: string };
type ViewWithManagerRow = { doc: string; manager_name: string | null; manager_level: string | null };
type TimelineRow = {
  client_id: string;
  revision: SqlInteger;
  position: SqlInteger;
  type: string;
  occurred_at: string;
  doc: string;
};
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
    this.selectTimeline = `SELECT ${columnList(CLIENT_TIMELINE_TABLE)}
        FROM ${timeline} WHERE client_id = ? AND revision < CAST(? AS BIGINT) ORDER BY revision DESC LIMIT ?`;
    // The revision guard makes a re-applied batch a no-op even if the checkpoint were ever behind.
    // Equal revisions pass: alert events change a view's open alerts without a client-stream event,
    // and a replayed batch re-derives the same open alerts from the alert rows' own revision guard.
    this.upsertViews = upsertOf(CLIENT_VIEW_TABLE, views, `excluded.revision >= ${CURRENT_ROW}.revision`);
    this.insertTimelineRows = insertIgnoringConflictsOf(CLIENT_TIMELINE_TABLE, timeline);
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
      manager: {
        ...view.manager,
        name: row.manager_name,
        level: (row.manager_level ?? view.manager.level) as typeof view.manager.level,
      },
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
          v.id,
          v.branchId,
          v.manager?.id ?? null,
          v.tier,
          v.status,
          v,
          v.revision,
          v.position,
          v.updatedAt,
          c.legalName,
          c.registrationNo,
          c.riskLevel,
          c.lastContactAt,
          c.followUpDues,
          c.annualContribution,
          c.openProducts,
          c.lastNps,
          c.openAlerts.low,
          c.openAlerts.medium,
          c.openAlerts.high,
          c.openAlerts.critical,
          c.creditApproval,
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
