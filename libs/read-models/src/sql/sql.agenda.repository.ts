import type { ContactPurpose } from '@crm/domain';
import type { ClientScope } from '@crm/policy';
import type { AgendaRows, UncontactedCoreClient } from '../agenda/agenda';
import {
  agendaItemsOfView,
  type AgendaItemKind,
  type AgendaItemRow,
  type ClientAgendaItems,
} from '../agenda/agenda-item';
import type { ClientView } from '../client-view/client-view';
import type { MigrationBackfill } from './migration-backfill';
import { scopeCondition } from '../queries/scope-condition';
import type { AgendaRepository, AgendaRowsQuery } from '../store/read-model-store.port';
import type { GenerationTables } from './projection-generation';
import { AGENDA_ITEMS_TABLE } from './read-model.tables';
import { ClientRowsWriter } from './client-rows.writer';
import type { SqlSession, SqlValue } from './sql-executor';
import { upsertOf } from './table-definition';

type ItemSqlRow = {
  item_id: string;
  client_id: string;
  kind: string;
  manager_id: string;
  branch_id: string;
  due: string;
  legal_name: string;
  purpose: string | null;
  title: string | null;
};

type UncontactedSqlRow = { client_id: string; legal_name: string | null; last_contact_at: string | null };

const ITEM_COLUMNS = 'item_id, client_id, kind, manager_id, branch_id, due, legal_name, purpose, title';

const toItem = (r: ItemSqlRow): AgendaItemRow => ({
  itemId: r.item_id,
  clientId: r.client_id,
  kind: r.kind as AgendaItemKind,
  managerId: r.manager_id,
  branchId: r.branch_id,
  due: r.due,
  legalName: r.legal_name,
  purpose: r.purpose as ContactPurpose | null,
  title: r.title,
});

type Statements = Readonly<{ inWindow: string; before: string; uncontacted: string }>;

/**
 * The agenda's three statements for one scope kind, each served by an index prefix: the manager's
 * entries by due time (`by_manager_due`), and the manager's clients (`client_view.by_manager_id`).
 * Exported for plan specs.
 */
export const agendaSql = (items: string, views: string, scope: ClientScope['kind'] | undefined): Statements => {
  const scoped = (branch: string, manager: string) =>
    scope === 'branch' ? ` AND ${branch} = ?` : scope === 'manager' ? ` AND ${manager} = ?` : '';
  const itemScope = scoped('branch_id', 'manager_id');
  // A feedback answer leaves the agenda once it is older than the instant bound here (answersSince).
  const current = ` AND (kind <> 'feedback_answer' OR due >= ?)`;
  return {
    inWindow: `SELECT ${ITEM_COLUMNS} FROM ${items} WHERE manager_id = ? AND due >= ? AND due < ?${current}${itemScope} ORDER BY due LIMIT ?`,
    before: `SELECT ${ITEM_COLUMNS} FROM ${items} WHERE manager_id = ? AND due < ?${current}${itemScope} ORDER BY due LIMIT ?`,
    // COALESCE keeps SQLite off the tier index: without statistics it preferred `tier = ?`, a fifth
    // of all clients, to the manager's hundred (the bench's agenda at 22 of 200 requests/s).
    uncontacted: `SELECT client_id, legal_name, last_contact_at FROM ${views}
      WHERE manager_id = ? AND status = 'client' AND COALESCE(tier, '') = 'core' AND (last_contact_at IS NULL OR last_contact_at < ?)${scoped('branch_id', 'manager_id')}
      ORDER BY last_contact_at LIMIT ?`,
  };
};

const itemValues = (i: AgendaItemRow): unknown[] => [
  i.itemId,
  i.clientId,
  i.kind,
  i.managerId,
  i.branchId,
  i.due,
  i.legalName,
  i.purpose,
  i.title,
];

/**
 * Fills a generation's agenda_items from its stored views (read-model migration 9), with the
 * projector's own agendaItemsOfView. Only views with an open follow-up can hold an entry then.
 */
export const agendaBackfill = (tables: GenerationTables): MigrationBackfill => ({
  select: `SELECT doc FROM ${tables.clientView} WHERE follow_up_dues IS NULL OR follow_up_dues <> '[]'`,
  writes: (rows) => [
    {
      insert: upsertOf(AGENDA_ITEMS_TABLE, tables.agendaItems),
      rows: (rows as readonly { doc: string }[])
        .flatMap((r) => agendaItemsOfView(JSON.parse(r.doc) as ClientView))
        .map(itemValues),
    },
  ],
});

/** All SQL of the `agenda_items` rows, for every engine, on one generation's tables. */
export class SqlAgendaRepository implements AgendaRepository {
  private readonly rows: ClientRowsWriter<AgendaItemRow>;
  private readonly deleteAll: string;
  private readonly statements = new Map<string, Statements>();

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
  ) {
    this.rows = new ClientRowsWriter(db.dialect, AGENDA_ITEMS_TABLE, tables.agendaItems, itemValues);
    this.deleteAll = `DELETE FROM ${tables.agendaItems}`;
  }

  async agendaRows(query: AgendaRowsQuery, limit: number): Promise<AgendaRows> {
    const scope = scopeCondition(query.scope, { branchId: 'branch_id', managerId: 'manager_id' });
    const scoped: SqlValue[] = scope === null ? [] : [scope.value];
    const sql = this.statementsFor(scope === null ? undefined : query.scope.kind);
    const [inWindow, before, uncontacted] = await Promise.all([
      this.db.query<ItemSqlRow>(sql.inWindow, [
        query.managerId,
        query.from,
        query.to,
        query.answersSince,
        ...scoped,
        limit,
      ]),
      this.db.query<ItemSqlRow>(sql.before, [query.managerId, query.from, query.answersSince, ...scoped, limit]),
      this.db.query<UncontactedSqlRow>(sql.uncontacted, [query.managerId, query.contactedSince, ...scoped, limit]),
    ]);
    return {
      inWindow: inWindow.map(toItem),
      before: before.map(toItem),
      uncontacted: uncontacted.map((r): UncontactedCoreClient => ({
        clientId: r.client_id,
        legalName: r.legal_name ?? '',
        lastContactAt: r.last_contact_at,
      })),
    };
  }

  /** Called by the store inside its batch transaction: each client's rows are replaced by its new ones. */
  saveAgenda(tx: SqlSession, changes: readonly ClientAgendaItems[]): Promise<void> {
    return this.rows.replace(tx, changes);
  }

  /** Called by the store inside its reset transaction. */
  async clear(tx: SqlSession): Promise<void> {
    await tx.run(this.deleteAll);
  }

  private statementsFor(kind: ClientScope['kind'] | undefined): Statements {
    const key = kind ?? 'all';
    let sql = this.statements.get(key);
    if (sql === undefined) {
      sql = agendaSql(this.tables.agendaItems, this.tables.clientView, kind);
      this.statements.set(key, sql);
    }
    return sql;
  }
}
