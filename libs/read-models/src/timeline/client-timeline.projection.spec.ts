import type { ClientEvent } from '@crm/domain';
import { RecordedLog } from '@crm/testing';
import { toClientTimelineEntry } from './client-timeline.projection';

const STREAM = 'client-0190a4c2-0000-7000-8000-000000000002';

const entryFor = (event: ClientEvent | { type: string; data: object }) => {
  const log = new RecordedLog();
  return toClientTimelineEntry(log.append(STREAM, event, { occurredAt: '2025-01-01T00:00:00.000Z' }));
};

describe('toClientTimelineEntry', () => {
  it('carries revision, position, type, times and actor', () => {
    const entry = entryFor({
      type: 'CreditRatingChanged',
      data: { from: 'A', to: 'BBB', notches: 1, reason: 'weak results' },
    });
    expect(entry).toEqual({
      clientId: '0190a4c2-0000-7000-8000-000000000002',
      revision: 0,
      position: '1',
      type: 'CreditRatingChanged',
      occurredAt: '2025-01-01T00:00:00.000Z',
      recordedAt: '2025-01-06T09:01:00.000Z',
      actor: { userId: 'u-rm-1', role: 'relationship_manager' },
      details: { from: 'A', to: 'BBB', notches: 1 },
    });
  });

  it.each<[ClientEvent, Record<string, unknown>]>([
    [
      {
        type: 'ContactLogged',
        data: {
          contactId: 'c-1',
          managerId: 'm-1',
          channel: 'visit',
          purpose: 'complaint',
          summary: 'PRIVATE SUMMARY',
          occurredAt: '2025-01-01T00:00:00.000Z',
        },
      },
      {
        contactId: 'c-1',
        managerId: 'm-1',
        channel: 'visit',
        purpose: 'complaint',
        occurredAt: '2025-01-01T00:00:00.000Z',
        followUpDue: null,
      },
    ],
    [
      {
        type: 'ClientProfileUpdated',
        data: { changes: { legalName: 'PRIVATE NAME', contact: { email: 'PRIVATE@x' } } },
      },
      { changedFields: ['contact', 'legalName'] },
    ],
    [
      {
        type: 'RiskFlagRaised',
        data: { flagId: 'rf-1', type: 'fraud_suspicion', severity: 'critical', note: 'PRIVATE NOTE' },
      },
      { flagId: 'rf-1', type: 'fraud_suspicion', severity: 'critical' },
    ],
    [
      {
        type: 'SatisfactionRecorded',
        data: { surveyId: 's-1', kind: 'nps', score: 3, comment: 'PRIVATE COMMENT', managerId: 'm-1' },
      },
      { surveyId: 's-1', kind: 'nps', score: 3, managerId: 'm-1', selfReported: false },
    ],
    [
      { type: 'ComplaintReceived', data: { complaintId: 'cp-1', category: 'fees', text: 'PRIVATE TEXT' } },
      {
        complaintId: 'cp-1',
        category: 'fees',
        severity: null,
        channel: null,
        receivedAt: null,
        acknowledgeBy: null,
        dueBy: null,
      },
    ],
    [
      {
        type: 'ComplaintReceived',
        data: {
          complaintId: 'cp-2',
          category: 'fees',
          text: 'PRIVATE TEXT',
          severity: 'high',
          channel: 'letter',
          receivedAt: '2026-04-03T02:00:00.000Z',
          acknowledgeBy: '2026-04-08T02:00:00.000Z',
          dueBy: '2026-04-18T02:00:00.000Z',
          ownerId: 'u-desk-1',
        },
      },
      {
        complaintId: 'cp-2',
        category: 'fees',
        severity: 'high',
        channel: 'letter',
        receivedAt: '2026-04-03T02:00:00.000Z',
        acknowledgeBy: '2026-04-08T02:00:00.000Z',
        dueBy: '2026-04-18T02:00:00.000Z',
      },
    ],
    [
      {
        type: 'PaymentPastDue',
        data: { facilityId: 'f-1', overdueSince: '2024-10-07', daysPastDue: 91, amountOverdue: '1000.00' },
      },
      { facilityId: 'f-1', overdueSince: '2024-10-07', daysPastDue: 91, amountOverdue: '1000.00' },
    ],
    [{ type: 'PersonalDataErased', data: { requestedBy: 'u-dpo', basis: 'PRIVATE basis text' } }, {}],
  ])('keeps ids, enums and amounts of %s but no free text', (event, details) => {
    const entry = entryFor(event);
    expect(entry.details).toEqual(details);
    expect(JSON.stringify(entry)).not.toMatch(/PRIVATE/);
  });

  it('keeps a row without details for an event type from a newer build', () => {
    expect(entryFor({ type: 'SomethingNew', data: { secret: 'PRIVATE' } }).details).toEqual({});
  });
});
