import type { ContactPurpose } from '@crm/domain';
import { changedClientRows, type ClientRows } from '../client-view/client-rows';
import type { ClientView } from '../client-view/client-view';

export type AgendaItemKind = 'visit' | 'task' | 'follow_up' | 'feedback_answer';

/**
 * One open entry of a manager's agenda, as the `agenda_items` table keeps it: a planned visit,
 * an open task or an open follow-up of a client, or a department's latest answer to the client's
 * feedback (to pass on), with the manager it is for and when it is due (an answer: when it came).
 * Derived from the client's view (agendaItemsOfView), so it is rewritten whenever they differ.
 */
export type AgendaItemRow = Readonly<{
  /** The visit's, task's, feedback's or (for a follow-up) contact's id. */
  itemId: string;
  kind: AgendaItemKind;
  clientId: string;
  /** Whose agenda: the visiting manager, the task's assignee, or the client's manager for a follow-up or an answer. */
  managerId: string;
  branchId: string;
  /** ISO-8601: a visit's planned time, a task's or follow-up's due time, when an answer came. */
  due: string;
  legalName: string;
  /** A visit's purpose; null for tasks and follow-ups. */
  purpose: ContactPurpose | null;
  /**
   * A task's title (personal data); for an answer, which department answered and the status it
   * gave (`Answer from cards: accepted`, never the answer's text); null for visits and follow-ups.
   */
  title: string | null;
}>;

/** A client's agenda rows after a batch, replacing the ones stored for it. */
export type ClientAgendaItems = ClientRows<AgendaItemRow>;

/**
 * The agenda entries a view holds. A follow-up, and the latest answer to each of the client's
 * feedback, are on the agenda of the client's manager now (a handover passes them on), and none
 * while the client has no manager; visits and tasks stay with the manager they name. An answer
 * leaves the agenda FEEDBACK_ANSWER_AGENDA_DAYS after it came (the queries leave it out).
 */
export const agendaItemsOfView = (view: ClientView): AgendaItemRow[] => {
  const common = { clientId: view.id, branchId: view.branchId, legalName: view.legalName };
  const items: AgendaItemRow[] = [];
  const managerId = view.manager?.id ?? null;
  if (managerId !== null) {
    for (const feedback of view.feedbackTracked ?? []) {
      if (feedback.lastAnsweredAt === null) continue;
      items.push({
        ...common,
        itemId: feedback.feedbackId,
        kind: 'feedback_answer',
        managerId,
        due: feedback.lastAnsweredAt,
        purpose: null,
        title: `Answer from ${feedback.department}: ${feedback.status}`,
      });
    }
    for (const followUp of view.contacts.openFollowUps) {
      items.push({
        ...common,
        itemId: followUp.contactId,
        kind: 'follow_up',
        managerId,
        due: followUp.due,
        purpose: null,
        title: null,
      });
    }
  }
  for (const visit of view.agenda?.visits ?? []) {
    items.push({
      ...common,
      itemId: visit.visitId,
      kind: 'visit',
      managerId: visit.managerId,
      due: visit.plannedAt,
      purpose: visit.purpose,
      title: null,
    });
  }
  for (const task of view.agenda?.tasks ?? []) {
    items.push({
      ...common,
      itemId: task.taskId,
      kind: 'task',
      managerId: task.assigneeId,
      due: task.due,
      purpose: null,
      title: task.title,
    });
  }
  return items;
};

/** The client's agenda rows when a batch changed them, else null. */
export const agendaChangeOf = (before: ClientView | null, after: ClientView): ClientAgendaItems | null =>
  changedClientRows(before, after, agendaItemsOfView);
