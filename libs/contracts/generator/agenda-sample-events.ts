import { sample } from './sample';

/**
 * The sample client's manager plans the March risk-review visit; the contact logged on the day was
 * that visit, so VisitCompleted follows the ContactLogged sample (same time, listed after it).
 */
export const completedVisitSamples = (managerId: string, contactId: string) => [
  sample('2025-03-07T03:30:00.000Z', 'VisitPlanned', {
    visitId: '0190a4c3-0a1b-7c2d-8e3f-4a5b6c7d8e9f',
    managerId,
    plannedAt: '2025-03-10T06:30:00.000Z',
    purpose: 'risk_review',
  }),
  sample('2025-03-10T06:30:00.000Z', 'VisitCompleted', {
    visitId: '0190a4c3-0a1b-7c2d-8e3f-4a5b6c7d8e9f',
    contactId,
    completedAt: '2025-03-10T06:30:00.000Z',
  }),
];

/** The cancellation of a second visit (about the lawsuit), whose own planning is left out: one sample per type. */
export const cancelledVisitSamples = () => [
  sample('2025-05-23T02:00:00.000Z', 'VisitCancelled', {
    visitId: '0190a4c3-7a8b-7c9d-8e0f-1a2b3c4d5e6f',
    cancelledAt: '2025-05-23T02:00:00.000Z',
    reason: 'CFO travelling; to be planned again next month',
  }),
];

/** A task the past-due payment gave the manager, done before it was due. */
export const completedTaskSamples = (managerId: string) => [
  sample('2025-05-13T02:00:00.000Z', 'TaskCreated', {
    taskId: '0190a4c3-8b9c-7d0e-9f1a-2b3c4d5e6f70',
    assigneeId: managerId,
    title: 'Ask CFO Li Na for the May receivables ageing',
    due: '2025-05-20T10:00:00.000Z',
  }),
  sample('2025-05-19T08:00:00.000Z', 'TaskCompleted', {
    taskId: '0190a4c3-8b9c-7d0e-9f1a-2b3c4d5e6f70',
    completedAt: '2025-05-19T08:00:00.000Z',
  }),
];
