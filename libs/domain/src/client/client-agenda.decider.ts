import { conflict, invalid, notFound, ruleViolation } from '../common/domain-error';
import { CONTACT_PURPOSES } from '../common/scales';
import type { CancelVisit, CompleteTask, CreateTask, PlanVisit } from './client.commands';
import type {
  ClientEvent,
  TaskCompleted,
  TaskCreated,
  VisitCancelled,
  VisitCompleted,
  VisitPlanned,
} from './client.events';
import type { AgendaState, ExistingClientState } from './client.state';
import { requireNamedManager } from './client-coverage.decider';
import { refuseIfErased } from './client-erasure.decider';
import { emptyEntries, updateEntry, withEntry } from './state-collections';
import { requireIsoTime, requireOn, requireText } from './validation';

/** Agenda entries are planned ahead: a time before the command's is refused. */
const requireFuture = (value: unknown, field: string, now: string): string => {
  const at = requireIsoTime(value, field);
  if (at <= requireIsoTime(now, 'now')) throw invalid('CLIENT.INVALID_VALUE', `${field} must be in the future`, field);
  return new Date(at).toISOString();
};

export const planVisit = ({ data, metadata }: PlanVisit, state: ExistingClientState): ClientEvent[] => {
  const visitId = requireText(data.visitId, 'visitId');
  const managerId = requireText(data.managerId, 'managerId');
  const purpose = requireOn(CONTACT_PURPOSES, data.purpose, 'purpose');
  const plannedAt = requireFuture(data.plannedAt, 'plannedAt', metadata.now);
  if (state.agenda.visits.has(visitId)) throw conflict('VISIT.ALREADY_PLANNED', `visit ${visitId} is already planned`);
  requireNamedManager(managerId, data.manager, 'managerId');
  return [{ type: 'VisitPlanned', data: { visitId, managerId, plannedAt, purpose } }];
};

export const cancelVisit = ({ data, metadata }: CancelVisit, state: ExistingClientState): ClientEvent[] => {
  const visitId = requireText(data.visitId, 'visitId');
  const reason = requireText(data.reason, 'reason');
  requireOpenVisit(state, visitId);
  return [{ type: 'VisitCancelled', data: { visitId, cancelledAt: metadata.now, reason } }];
};

/**
 * The visit a contact completes, checked before the contact is logged: a contact naming a visit
 * that is not open is refused whole, on `visitId`.
 */
export const completedVisit = (
  state: ExistingClientState,
  visitId: string,
  contactId: string,
  now: string,
): VisitCompleted => {
  const status = state.agenda.visits.get(visitId);
  if (status === undefined) throw ruleViolation('VISIT.NOT_FOUND', `visit ${visitId} does not exist`, 'visitId');
  if (status !== 'planned') throw ruleViolation('VISIT.CLOSED', `visit ${visitId} is already ${status}`, 'visitId');
  return { type: 'VisitCompleted', data: { visitId, contactId, completedAt: now } };
};

export const createTask = ({ data, metadata }: CreateTask, state: ExistingClientState): ClientEvent[] => {
  const taskId = requireText(data.taskId, 'taskId');
  const assigneeId = requireText(data.assigneeId, 'assigneeId');
  const title = requireText(data.title, 'title');
  const due = requireFuture(data.due, 'due', metadata.now);
  refuseIfErased(state, 'creating a task');
  if (state.agenda.tasks.has(taskId)) throw conflict('TASK.ALREADY_CREATED', `task ${taskId} already exists`);
  requireNamedManager(assigneeId, data.assignee, 'assigneeId');
  return [{ type: 'TaskCreated', data: { taskId, assigneeId, title, due } }];
};

export const completeTask = ({ data, metadata }: CompleteTask, state: ExistingClientState): ClientEvent[] => {
  const taskId = requireText(data.taskId, 'taskId');
  const status = state.agenda.tasks.get(taskId);
  if (status === undefined) throw notFound('TASK.NOT_FOUND', `task ${taskId} does not exist`);
  if (status === 'completed') throw conflict('TASK.ALREADY_COMPLETED', `task ${taskId} is already completed`);
  return [{ type: 'TaskCompleted', data: { taskId, completedAt: metadata.now } }];
};

/** The agenda's commands, routed here as one group so the client decider stays one screen. */
export const decideAgenda = (
  command: PlanVisit | CancelVisit | CreateTask | CompleteTask,
  state: ExistingClientState,
): ClientEvent[] => {
  switch (command.type) {
    case 'PlanVisit':
      return planVisit(command, state);
    case 'CancelVisit':
      return cancelVisit(command, state);
    case 'CreateTask':
      return createTask(command, state);
    case 'CompleteTask':
      return completeTask(command, state);
  }
};

const requireOpenVisit = (state: ExistingClientState, visitId: string): void => {
  const status = state.agenda.visits.get(visitId);
  if (status === undefined) throw notFound('VISIT.NOT_FOUND', `visit ${visitId} does not exist`);
  if (status !== 'planned') throw conflict('VISIT.CLOSED', `visit ${visitId} is already ${status}`);
};

export const noAgenda = (): AgendaState => ({ visits: emptyEntries(), tasks: emptyEntries() });

const applyVisitPlanned = (state: ExistingClientState, { data }: VisitPlanned): ExistingClientState => ({
  ...state,
  agenda: { ...state.agenda, visits: withEntry(state.agenda.visits, data.visitId, 'planned') },
});

const applyVisitCompleted = (state: ExistingClientState, { data }: VisitCompleted): ExistingClientState => ({
  ...state,
  agenda: { ...state.agenda, visits: updateEntry(state.agenda.visits, data.visitId, () => 'completed') },
});

const applyVisitCancelled = (state: ExistingClientState, { data }: VisitCancelled): ExistingClientState => ({
  ...state,
  agenda: { ...state.agenda, visits: updateEntry(state.agenda.visits, data.visitId, () => 'cancelled') },
});

const applyTaskCreated = (state: ExistingClientState, { data }: TaskCreated): ExistingClientState => ({
  ...state,
  agenda: { ...state.agenda, tasks: withEntry(state.agenda.tasks, data.taskId, 'open') },
});

const applyTaskCompleted = (state: ExistingClientState, { data }: TaskCompleted): ExistingClientState => ({
  ...state,
  agenda: { ...state.agenda, tasks: updateEntry(state.agenda.tasks, data.taskId, () => 'completed') },
});

/** The agenda's events, folded as one group like their commands. */
export const evolveAgenda = (
  state: ExistingClientState,
  event: VisitPlanned | VisitCompleted | VisitCancelled | TaskCreated | TaskCompleted,
): ExistingClientState => {
  switch (event.type) {
    case 'VisitPlanned':
      return applyVisitPlanned(state, event);
    case 'VisitCompleted':
      return applyVisitCompleted(state, event);
    case 'VisitCancelled':
      return applyVisitCancelled(state, event);
    case 'TaskCreated':
      return applyTaskCreated(state, event);
    case 'TaskCompleted':
      return applyTaskCompleted(state, event);
  }
};
