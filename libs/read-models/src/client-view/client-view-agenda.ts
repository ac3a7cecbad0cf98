import type { ClientAgendaView, ClientView } from './client-view';
import { UNCHANGED, type ChangeHandlersFor, type ViewChanges } from './client-view-changes';

const NO_AGENDA: ClientAgendaView = { visits: [], tasks: [] };

const withoutVisit = (view: ClientView, visitId: string): ViewChanges => {
  const agenda = view.agenda ?? NO_AGENDA;
  return { agenda: { ...agenda, visits: agenda.visits.filter((visit) => visit.visitId !== visitId) } };
};

/** The view's open visits and tasks (`agenda`); erasure blanks the task titles (see PersonalDataErased). */
export const AGENDA_CHANGES: ChangeHandlersFor<
  'VisitPlanned' | 'VisitCompleted' | 'VisitCancelled' | 'TaskCreated' | 'TaskCompleted'
> = {
  VisitPlanned: (event, view) => {
    const agenda = view.agenda ?? NO_AGENDA;
    if (agenda.visits.some((visit) => visit.visitId === event.data.visitId)) return UNCHANGED;
    const { visitId, managerId, plannedAt, purpose } = event.data;
    return { agenda: { ...agenda, visits: [...agenda.visits, { visitId, managerId, plannedAt, purpose }] } };
  },
  VisitCompleted: (event, view) => withoutVisit(view, event.data.visitId),
  VisitCancelled: (event, view) => withoutVisit(view, event.data.visitId),
  TaskCreated: (event, view) => {
    const agenda = view.agenda ?? NO_AGENDA;
    if (agenda.tasks.some((task) => task.taskId === event.data.taskId)) return UNCHANGED;
    const { taskId, assigneeId, title, due } = event.data;
    return { agenda: { ...agenda, tasks: [...agenda.tasks, { taskId, assigneeId, title, due }] } };
  },
  TaskCompleted: (event, view) => {
    const agenda = view.agenda ?? NO_AGENDA;
    return { agenda: { ...agenda, tasks: agenda.tasks.filter((task) => task.taskId !== event.data.taskId) } };
  },
};
