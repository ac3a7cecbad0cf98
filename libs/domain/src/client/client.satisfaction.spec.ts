import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { SurveyKind } from '../common/scales';
import type { ClientCommand } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';

/** Satisfaction answers (§61) and the recovery task a detractor opens in the manager's agenda (§63). */
const NOW = '2026-03-01T10:00:00.000Z';
const metadata = { now: NOW, actor: { userId: 'svc-survey', role: 'service' as const } };
const cmd = commandFactory<ClientCommand>(metadata);
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);

const registered = ev('ProspectRegistered', {
  clientId: 'c-1',
  branchId: 'br-1',
  segment: 'sme',
  industry: 'retail',
  legalName: 'Example Trading Co.',
  registrationNo: '91440300MA5ABCDE1X',
  contact: { phone: '+86 755 0000 0000' },
  source: 'referral',
});
const client = [registered, ev('ProspectConverted', { convertedAt: '2026-01-10T09:00:00.000Z' })];

const answer = (kind: SurveyKind, score: number) => ({
  surveyId: 's-1',
  kind,
  score,
  comment: 'Responsive manager',
  managerId: 'm-1',
});
const recovery = { taskId: 'task-of-s-1', dueInDays: 5 };
const record = (
  kind: SurveyKind,
  score: number,
  extra: Partial<Extract<ClientCommand, { type: 'RecordSatisfaction' }>['data']> = {},
) => cmd('RecordSatisfaction', { ...answer(kind, score), recovery, ...extra });

const recoveryTask = (kind: 'NPS' | 'CSAT', score: number, due = '2026-03-06T10:00:00.000Z') =>
  ev('TaskCreated', {
    taskId: 'task-of-s-1',
    assigneeId: 'm-1',
    title: `Recovery call: the client answered ${kind} ${score}`,
    due,
  });

describe('RecordSatisfaction', () => {
  test.each([
    ['nps', 7],
    ['nps', 10],
    ['csat', 3],
    ['csat', 5],
  ] as const)('records %s score %d, and nothing else', (kind, score) => {
    spec
      .given(client)
      .when(record(kind, score))
      .then([ev('SatisfactionRecorded', answer(kind, score))]);
  });

  test('marks an answer recorded by the very manager it measures as self-reported, and only that', () => {
    spec
      .given(client)
      .when(record('nps', 9, { recordedByManagerId: 'm-1' }))
      .then([ev('SatisfactionRecorded', { ...answer('nps', 9), selfReported: true })]);
    spec
      .given(client)
      .when(record('nps', 9, { recordedByManagerId: 'm-2' }))
      .then([ev('SatisfactionRecorded', answer('nps', 9))]);
  });

  test.each([
    ['nps', -1],
    ['nps', 11],
    ['nps', 7.5],
    ['csat', 0],
    ['csat', 6],
  ] as const)('%s score %d is invalid', (kind, score) => {
    spec
      .given(client)
      .when(record(kind, score))
      .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'score' });
  });

  test('a kind off the scale is invalid', () => {
    spec
      .given(client)
      .when(record('ces' as SurveyKind, 3))
      .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'kind' });
  });

  test('a blank comment is invalid', () => {
    spec
      .given(client)
      .when(record('nps', 9, { comment: '' }))
      .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'comment' });
  });

  test('a redelivered survey is absorbed', () => {
    spec
      .given([...client, ev('SatisfactionRecorded', answer('nps', 9))])
      .when(record('nps', 9))
      .then([]);
  });
});

describe('RecordSatisfaction: a detractor goes to the manager it measures as a recovery task', () => {
  test.each([
    ['nps', 0, 'NPS'],
    ['nps', 6, 'NPS'],
    ['csat', 1, 'CSAT'],
    ['csat', 2, 'CSAT'],
  ] as const)('%s %d opens a recovery task for the manager, due the days after the answer', (kind, score, label) => {
    spec
      .given(client)
      .when(record(kind, score))
      .then([ev('SatisfactionRecorded', answer(kind, score)), recoveryTask(label, score)]);
  });

  test('a self-reported detractor opens one too: the recovery is owed whoever recorded it', () => {
    spec
      .given(client)
      .when(record('nps', 3, { recordedByManagerId: 'm-1' }))
      .then([ev('SatisfactionRecorded', { ...answer('nps', 3), selfReported: true }), recoveryTask('NPS', 3)]);
  });

  test('the task is due the configured days after the answer', () => {
    spec
      .given(client)
      .when(record('nps', 4, { recovery: { taskId: 'task-of-s-1', dueInDays: 1 } }))
      .then([ev('SatisfactionRecorded', answer('nps', 4)), recoveryTask('NPS', 4, '2026-03-02T10:00:00.000Z')]);
  });

  test('from when the client answered, when the survey tool says so: applied late, it is due as early', () => {
    spec
      .given(client)
      .when(record('nps', 4, { recovery: { ...recovery, answeredAt: '2026-02-27T09:30:00+08:00' } }))
      .then([ev('SatisfactionRecorded', answer('nps', 4)), recoveryTask('NPS', 4, '2026-03-04T01:30:00.000Z')]);
  });

  test('a redelivered detractor opens nothing twice', () => {
    spec
      .given([...client, ev('SatisfactionRecorded', answer('nps', 2)), recoveryTask('NPS', 2)])
      .when(record('nps', 2))
      .then([]);
  });

  test('a task id already taken opens no second task', () => {
    spec
      .given([...client, recoveryTask('NPS', 2)])
      .when(record('nps', 2, { surveyId: 's-2' }))
      .then([ev('SatisfactionRecorded', { ...answer('nps', 2), surveyId: 's-2' })]);
  });

  test.each([
    ['recovery.taskId', { taskId: ' ', dueInDays: 5 }],
    ['recovery.dueInDays', { taskId: 't', dueInDays: 0 }],
    ['recovery.dueInDays', { taskId: 't', dueInDays: 31 }],
    ['recovery.dueInDays', { taskId: 't', dueInDays: 2.5 }],
    ['recovery.answeredAt', { taskId: 't', dueInDays: 5, answeredAt: 'last week' }],
  ])('%s out of bounds is invalid, detractor or not', (field, terms) => {
    for (const score of [2, 9]) {
      spec
        .given(client)
        .when(record('nps', score, { recovery: terms }))
        .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field });
    }
  });
});
