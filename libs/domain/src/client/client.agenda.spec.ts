import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { ManagerSnapshot } from '../manager/manager.state';
import type { ClientCommand } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';

const NOW = '2026-03-01T10:00:00.000Z';
const metadata = { now: NOW, actor: { userId: 'u-rm', role: 'relationship_manager' as const } };
const cmd = commandFactory<ClientCommand>(metadata);
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);

const manager = (managerId = 'm-1', active = true): ManagerSnapshot => ({
  managerId,
  name: 'Wang Fang',
  branchId: 'br-1',
  level: 'senior',
  active,
  absentUntil: null,
});

const registered = ev('ProspectRegistered', {
  clientId: 'c-1',
  branchId: 'br-1',
  segment: 'corporate',
  industry: 'manufacturing',
  legalName: 'Acme Machinery Co., Ltd.',
  registrationNo: '91310000MA1FL0000X',
  contact: { phone: '+86 21 5555 0101' },
  source: 'branch',
});

const planned = ev('VisitPlanned', {
  visitId: 'v-1',
  managerId: 'm-1',
  plannedAt: '2026-03-05T09:00:00.000Z',
  purpose: 'relationship',
});
const plan = (data: Partial<Extract<ClientCommand, { type: 'PlanVisit' }>['data']> = {}) =>
  cmd('PlanVisit', {
    visitId: 'v-1',
    managerId: 'm-1',
    manager: manager(),
    plannedAt: '2026-03-05T09:00:00.000Z',
    purpose: 'relationship',
    ...data,
  });

const taskCreated = ev('TaskCreated', {
  taskId: 't-1',
  assigneeId: 'm-2',
  title: 'Collect the 2025 statements',
  due: '2026-03-10T17:00:00.000Z',
});
const create = (data: Partial<Extract<ClientCommand, { type: 'CreateTask' }>['data']> = {}) =>
  cmd('CreateTask', {
    taskId: 't-1',
    assigneeId: 'm-2',
    assignee: manager('m-2'),
    title: 'Collect the 2025 statements',
    due: '2026-03-10T17:00:00.000Z',
    ...data,
  });

const logContact = (visitId?: string) =>
  cmd('LogContact', {
    contactId: 'k-1',
    managerId: 'm-1',
    manager: manager(),
    channel: 'visit',
    purpose: 'relationship',
    summary: 'Met the CFO',
    occurredAt: '2026-03-01T09:00:00.000Z',
    ...(visitId === undefined ? {} : { visitId }),
  });
const contactLogged = ev('ContactLogged', {
  contactId: 'k-1',
  managerId: 'm-1',
  channel: 'visit',
  purpose: 'relationship',
  summary: 'Met the CFO',
  occurredAt: '2026-03-01T09:00:00.000Z',
});

describe('client agenda: visits', () => {
  it('plans a visit for a manager', () => {
    spec.given([registered]).when(plan()).then([planned]);
  });

  it('refuses a visit in the past or now, on plannedAt, and stores nothing', () => {
    spec
      .given([registered])
      .when(plan({ plannedAt: '2026-02-28T09:00:00.000Z' }))
      .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'plannedAt' });
    spec
      .given([registered])
      .when(plan({ plannedAt: NOW }))
      .thenThrows('CLIENT.INVALID_VALUE', { field: 'plannedAt' });
  });

  it('refuses an unknown or departed manager on managerId', () => {
    spec
      .given([registered])
      .when(plan({ managerId: 'm-9', manager: null }))
      .thenThrows('MANAGER.NOT_FOUND', { kind: 'rule_violation', field: 'managerId' });
    spec
      .given([registered])
      .when(plan({ manager: manager('m-1', false) }))
      .thenThrows('MANAGER.INACTIVE', { kind: 'rule_violation', field: 'managerId' });
  });

  it('refuses a visit id used before', () => {
    spec.given([registered, planned]).when(plan()).thenThrows('VISIT.ALREADY_PLANNED', { kind: 'conflict' });
  });

  it('is completed by the contact that names it, right after the contact', () => {
    spec
      .given([registered, planned])
      .when(logContact('v-1'))
      .then([contactLogged, ev('VisitCompleted', { visitId: 'v-1', contactId: 'k-1', completedAt: NOW })]);
  });

  it('refuses a contact naming a visit that does not exist or is closed, whole, on visitId', () => {
    spec
      .given([registered])
      .when(logContact('v-9'))
      .thenThrows('VISIT.NOT_FOUND', { kind: 'rule_violation', field: 'visitId' });
    spec
      .given([registered, planned, ev('VisitCancelled', { visitId: 'v-1', cancelledAt: NOW, reason: 'moved' })])
      .when(logContact('v-1'))
      .thenThrows('VISIT.CLOSED', { kind: 'rule_violation', field: 'visitId' });
  });

  it('is cancelled once, with a reason', () => {
    const cancelled = ev('VisitCancelled', { visitId: 'v-1', cancelledAt: NOW, reason: 'client travelling' });
    spec
      .given([registered, planned])
      .when(cmd('CancelVisit', { visitId: 'v-1', reason: 'client travelling' }))
      .then([cancelled]);
    spec
      .given([registered, planned, cancelled])
      .when(cmd('CancelVisit', { visitId: 'v-1', reason: 'again' }))
      .thenThrows('VISIT.CLOSED', { kind: 'conflict' });
    spec
      .given([registered])
      .when(cmd('CancelVisit', { visitId: 'v-1', reason: 'x' }))
      .thenThrows('VISIT.NOT_FOUND', { kind: 'not_found' });
  });
});

describe('client agenda: tasks', () => {
  it('creates a task for another manager and completes it once', () => {
    spec.given([registered]).when(create()).then([taskCreated]);
    spec
      .given([registered, taskCreated])
      .when(cmd('CompleteTask', { taskId: 't-1' }))
      .then([ev('TaskCompleted', { taskId: 't-1', completedAt: NOW })]);
    spec
      .given([registered, taskCreated, ev('TaskCompleted', { taskId: 't-1', completedAt: NOW })])
      .when(cmd('CompleteTask', { taskId: 't-1' }))
      .thenThrows('TASK.ALREADY_COMPLETED', { kind: 'conflict' });
  });

  it('refuses a task for an unknown manager, due in the past, or without a title, on the field', () => {
    spec
      .given([registered])
      .when(create({ assigneeId: 'm-9', assignee: null }))
      .thenThrows('MANAGER.NOT_FOUND', { kind: 'rule_violation', field: 'assigneeId' });
    spec
      .given([registered])
      .when(create({ assignee: manager('m-1') }))
      .thenThrows('MANAGER.NOT_FOUND', { kind: 'rule_violation', field: 'assigneeId' });
    spec
      .given([registered])
      .when(create({ due: '2026-02-01T00:00:00.000Z' }))
      .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'due' });
    spec
      .given([registered])
      .when(create({ title: ' ' }))
      .thenThrows('CLIENT.INVALID_VALUE', { field: 'title' });
  });

  it('refuses a task once the personal data is erased (its title would be new personal data)', () => {
    spec
      .given([registered, ev('PersonalDataErased', { requestedBy: 'u-dpo', basis: 'PIPL art. 47' })])
      .when(create())
      .thenThrows('CLIENT.PERSONAL_DATA_ERASED', { kind: 'rule_violation' });
  });

  it('refuses completing a task that does not exist', () => {
    spec
      .given([registered])
      .when(cmd('CompleteTask', { taskId: 't-9' }))
      .thenThrows('TASK.NOT_FOUND', { kind: 'not_found' });
  });
});
