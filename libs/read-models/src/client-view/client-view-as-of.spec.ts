import type { ClientEvent } from '@crm/domain';
import { RecordedLog } from '@crm/testing';
import { clientViewAsOf } from './client-view-as-of';

const STREAM = 'client-0190a4c2-0000-7000-8000-000000000003';
const registered: ClientEvent = {
  type: 'ProspectRegistered',
  data: {
    clientId: '0190a4c2-0000-7000-8000-000000000003',
    branchId: 'b-1',
    segment: 'sme',
    industry: 'retail',
    legalName: 'n',
    registrationNo: 'r',
    contact: {},
    source: 'referral',
  },
};

describe('clientViewAsOf', () => {
  const log = new RecordedLog();
  log.append(STREAM, registered, { recordedAt: '2025-01-01T00:00:00.000Z' });
  log.append(
    STREAM,
    { type: 'CreditRatingChanged', data: { from: null, to: 'A', notches: 0, reason: 'r' } },
    {
      recordedAt: '2025-02-01T00:00:00.000Z',
    },
  );
  // Learnt on 1 April about a downgrade that took effect on 1 March.
  log.append(
    STREAM,
    { type: 'CreditRatingChanged', data: { from: 'A', to: 'BB', notches: 2, reason: 'r' } },
    {
      occurredAt: '2025-03-01T00:00:00.000Z',
      recordedAt: '2025-04-01T00:00:00.000Z',
    },
  );

  it('is null before the client existed', () => {
    expect(clientViewAsOf(log.events, new Date('2024-12-31T00:00:00.000Z'))).toBeNull();
  });

  it('shows what the bank knew then: the rating before a downgrade recorded later', () => {
    const view = clientViewAsOf(log.events, new Date('2025-03-15T00:00:00.000Z'));
    expect(view?.credit.rating).toBe('A');
    expect(view?.revision).toBe(1);
  });

  it('includes events recorded exactly at the instant', () => {
    expect(clientViewAsOf(log.events, new Date('2025-04-01T00:00:00.000Z'))?.credit.rating).toBe('BB');
  });
});
