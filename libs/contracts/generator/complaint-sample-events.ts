import { sample } from './sample';

/**
 * A complaint received with its deadlines, acknowledged and resolved with redress, and another
 * one's resolution deadline escalated by the sweep (its receipt left out: one sample per type).
 */
export const complaintSamples = (managerId: string) => [
  sample('2025-06-23T05:00:00.000Z', 'ComplaintReceived', {
    complaintId: '0190a4c3-6f7a-7b8c-9d9e-0f1a2b3c4d5e',
    category: 'fees',
    text: 'Charged twice for the same transfer.',
    severity: 'medium',
    channel: 'phone',
    receivedAt: '2025-06-23T05:00:00.000Z',
    acknowledgeBy: '2025-06-25T05:00:00.000Z',
    dueBy: '2025-07-08T05:00:00.000Z',
    ownerId: `u-${managerId.toLowerCase()}`,
  }),
  sample('2025-06-24T02:00:00.000Z', 'ComplaintAcknowledged', {
    complaintId: '0190a4c3-6f7a-7b8c-9d9e-0f1a2b3c4d5e',
    acknowledgedAt: '2025-06-24T02:00:00.000Z',
    ownerId: `u-${managerId.toLowerCase()}`,
  }),
  sample('2025-06-25T09:00:00.000Z', 'ComplaintResolved', {
    complaintId: '0190a4c3-6f7a-7b8c-9d9e-0f1a2b3c4d5e',
    resolution: 'fee refunded',
    resolvedAt: '2025-06-25T09:00:00.000Z',
    outcome: 'upheld',
    redressAmount: '25.00',
    currency: 'CNY',
  }),
  sample('2025-07-10T00:00:00.000Z', 'ComplaintEscalated', {
    complaintId: '0190a4c3-7a8b-7c9d-8e0f-1a2b3c4d5e6f',
    deadline: 'resolution',
    dueBy: '2025-07-09T23:30:00.000Z',
    escalatedAt: '2025-07-10T00:00:00.000Z',
  }),
];
