import type { ContactPurpose } from '@crm/domain';
import type { AgendaItemKind, AgendaItemRow } from './agenda-item';
import { codeUnitOrder } from '../queries/code-unit-order';

/** One entry of a manager's agenda as `GET /v1/managers/:id/agenda` answers it. */
export type AgendaEntry = Readonly<{
  kind: AgendaItemKind;
  /** The visit's, task's or (for a follow-up) contact's id: what completing or cancelling it takes. */
  id: string;
  clientId: string;
  legalName: string;
  due: string;
  /** Due before the time of the request and still open (never for an answer: it falls due for nothing). */
  overdue: boolean;
  purpose: ContactPurpose | null;
  title: string | null;
}>;

/** A core client of the manager's with no contact within the coverage window. */
export type UncontactedCoreClient = Readonly<{ clientId: string; legalName: string; lastContactAt: string | null }>;

export type Agenda = Readonly<{
  managerId: string;
  from: string;
  to: string;
  /** Open entries due from `from` (inclusive) to `to` (exclusive), soonest first. */
  items: readonly AgendaEntry[];
  /** Open entries due before `from`: still to do, whatever window is asked for. Oldest first. */
  overdue: readonly AgendaEntry[];
  /** Days a core client may go without a contact (the branch dashboard's coverage window). */
  coverageDays: number;
  /** The manager's core clients not contacted within `coverageDays`, never contacted first, then longest ago. */
  uncontactedCoreClients: readonly UncontactedCoreClient[];
  /** True when a list was cut at AGENDA_LIMIT entries. */
  truncated: boolean;
}>;

/**
 * Days a department's answer stays on the agenda of the client's manager after it came: long enough
 * to pass it on at the next contact, short enough that answers do not pile up as a backlog. A later
 * answer to the same feedback replaces it and starts its days again.
 */
export const FEEDBACK_ANSWER_AGENDA_DAYS = 14;

/** Entries per list: a manager's month is tens of entries; more means a backlog to work through first. */
export const AGENDA_LIMIT = 500;

/** Everything one agenda is made of, as the store reads it (each list up to AGENDA_LIMIT + 1 rows). */
export type AgendaRows = Readonly<{
  inWindow: readonly AgendaItemRow[];
  before: readonly AgendaItemRow[];
  uncontacted: readonly UncontactedCoreClient[];
}>;

/** Sorted here, not in SQL: SQLite and PostgreSQL collate text differently and the order must not depend on the engine. */
const byDue = (a: AgendaItemRow, b: AgendaItemRow): number =>
  codeUnitOrder(a.due, b.due) || codeUnitOrder(a.itemId, b.itemId);

const entryOf = (row: AgendaItemRow, nowMs: number): AgendaEntry => ({
  kind: row.kind,
  id: row.itemId,
  clientId: row.clientId,
  legalName: row.legalName,
  due: row.due,
  // An answer is news to pass on, not something that falls due.
  overdue: row.kind !== 'feedback_answer' && Date.parse(row.due) < nowMs,
  purpose: row.purpose,
  title: row.title,
});

export type AgendaWindow = Readonly<{ from: Date; to: Date }>;

export const agendaOf = (
  managerId: string,
  window: AgendaWindow,
  now: Date,
  coverageDays: number,
  rows: AgendaRows,
): Agenda => {
  const nowMs = now.getTime();
  const entries = (list: readonly AgendaItemRow[]) =>
    [...list]
      .sort(byDue)
      .slice(0, AGENDA_LIMIT)
      .map((row) => entryOf(row, nowMs));
  const uncontacted = [...rows.uncontacted]
    .sort(
      (a, b) =>
        codeUnitOrder(a.lastContactAt ?? '', b.lastContactAt ?? '') ||
        codeUnitOrder(a.legalName, b.legalName) ||
        codeUnitOrder(a.clientId, b.clientId),
    )
    .slice(0, AGENDA_LIMIT);
  return {
    managerId,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    items: entries(rows.inWindow),
    overdue: entries(rows.before),
    coverageDays,
    uncontactedCoreClients: uncontacted,
    truncated: [rows.inWindow, rows.before, rows.uncontacted].some((list) => list.length > AGENDA_LIMIT),
  };
};
