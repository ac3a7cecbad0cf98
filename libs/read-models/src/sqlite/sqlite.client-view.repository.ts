import type Database from 'better-sqlite3';
import type { ClientView } from '../client-view/client-view';
import type { ClientViewRepository, TimelineQuery } from '../store/read-model-store.port';
import type { ClientTimelineEntry, TimelinePage } from '../timeline/client-timeline-entry';

type ViewWithManagerRow = { doc: string; manager_name: string | null; manager_level: string | null };
type TimelineRow = { client_id: string; revision: number; position: string; type: string; occurred_at: string; doc: string };
/** What the timeline `doc` column holds: the entry minus what its own columns already store. */
type TimelineDoc = Pick<ClientTimelineEntry, 'recordedAt' | 'actor' | 'details'>;

/** All SQL of the client-view projection (client_view, client_timeline) on SQLite. */
export class SqliteClientViewRepository implements ClientViewRepository {
  private readonly selectDoc: Database.Statement<[string], { doc: string }>;
  private readonly selectWithManager: Database.Statement<[string], ViewWithManagerRow>;
  private readonly selectTimeline: Database.Statement<[string, number, number], TimelineRow>;
  private readonly upsertView: Database.Statement<unknown[]>;
  private readonly insertTimelineRow: Database.Statement<unknown[]>;
  private readonly deleteViews: Database.Statement<[]>;
  private readonly deleteTimeline: Database.Statement<[]>;

  constructor(db: Database.Database) {
    this.selectDoc = db.prepare('SELECT doc FROM client_view WHERE client_id = ?');
    this.selectWithManager = db.prepare(
      `SELECT v.doc, m.name AS manager_name, m.level AS manager_level
         FROM client_view v LEFT JOIN managers m ON m.manager_id = v.manager_id
        WHERE v.client_id = ?`,
    );
    this.selectTimeline = db.prepare(
      `SELECT client_id, revision, CAST(position AS TEXT) AS position, type, occurred_at, doc
         FROM client_timeline WHERE client_id = ? AND revision < ? ORDER BY revision DESC LIMIT ?`,
    );
    // The revision guard makes a re-applied batch a no-op even if the checkpoint were ever behind.
    this.upsertView = db.prepare(
      `INSERT INTO client_view (client_id, branch_id, manager_id, tier, status, doc, revision, position, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (client_id) DO UPDATE SET
         branch_id = excluded.branch_id, manager_id = excluded.manager_id, tier = excluded.tier,
         status = excluded.status, doc = excluded.doc, revision = excluded.revision,
         position = excluded.position, updated_at = excluded.updated_at
       WHERE excluded.revision > client_view.revision`,
    );
    this.insertTimelineRow = db.prepare(
      `INSERT INTO client_timeline (client_id, revision, position, type, occurred_at, doc)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.deleteViews = db.prepare('DELETE FROM client_view');
    this.deleteTimeline = db.prepare('DELETE FROM client_timeline');
  }

  async loadViews(clientIds: readonly string[]): Promise<Map<string, ClientView>> {
    return this.loadViewsSync(clientIds);
  }

  loadViewsSync(clientIds: readonly string[]): Map<string, ClientView> {
    const views = new Map<string, ClientView>();
    for (const id of clientIds) {
      const row = this.selectDoc.get(id);
      if (row !== undefined) views.set(id, JSON.parse(row.doc) as ClientView);
    }
    return views;
  }

  async getClientView(clientId: string): Promise<ClientView | null> {
    const row = this.selectWithManager.get(clientId);
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
    const rows = this.selectTimeline.all(clientId, before, limit + 1);
    const entries = rows.slice(0, limit).map(toTimelineEntry);
    const nextCursor = rows.length > limit ? String(entries[entries.length - 1].revision) : null;
    return { entries, nextCursor };
  }

  /** Called by the store inside its batch transaction. */
  saveViews(views: readonly ClientView[]): void {
    for (const v of views) {
      this.upsertView.run(
        v.id,
        v.branchId,
        v.manager?.id ?? null,
        v.tier,
        v.status,
        JSON.stringify(v),
        v.revision,
        BigInt(v.position),
        v.updatedAt,
      );
    }
  }

  /** Called by the store inside its batch transaction. */
  insertTimeline(entries: readonly ClientTimelineEntry[]): void {
    for (const e of entries) {
      const doc: TimelineDoc = { recordedAt: e.recordedAt, actor: e.actor, details: e.details };
      this.insertTimelineRow.run(e.clientId, e.revision, BigInt(e.position), e.type, e.occurredAt, JSON.stringify(doc));
    }
  }

  /** Called by the store inside its reset transaction. */
  clear(): void {
    this.deleteViews.run();
    this.deleteTimeline.run();
  }
}

export class InvalidCursorError extends Error {
  constructor() {
    super('invalid timeline cursor');
    this.name = 'InvalidCursorError';
  }
}

const toTimelineEntry = (row: TimelineRow): ClientTimelineEntry => {
  const doc = JSON.parse(row.doc) as TimelineDoc;
  return {
    clientId: row.client_id,
    revision: row.revision,
    position: row.position,
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
