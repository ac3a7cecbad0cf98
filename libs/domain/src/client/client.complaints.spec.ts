import { cn2026Calendar, commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { DomainError, DomainErrorKind } from '../common/domain-error';
import type { ClientCommand } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';
import { complaintDeadlines, DEFAULT_COMPLAINT_POLICY } from './complaint-policy';

/**
 * Complaints and their deadlines. The calendar is mainland China's 2026: Qingming is Saturday
 * 4 April to Monday 6 April, so a complaint received on Friday 3 April is due an acknowledgement
 * on Wednesday 8 April (Friday, then Tuesday and Wednesday count).
 */
const NOW = '2026-04-20T02:00:00.000Z';
const calendar = cn2026Calendar();
const metadata = { now: NOW, actor: { userId: 'u-rm-1', role: 'relationship_manager' as const }, calendar };
const cmd = commandFactory<ClientCommand>(metadata);
const at = (now: string) => commandFactory<ClientCommand>({ ...metadata, now });
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);

const expectRejection = (
  given: readonly ClientEvent[],
  command: ClientCommand,
  code: string,
  kind: DomainErrorKind,
  field?: string,
): DomainError => spec.given(given).when(command).thenThrows(code, { kind, field });

const client = [
  ev('ProspectRegistered', {
    clientId: 'c-1',
    branchId: 'BR-1',
    segment: 'sme',
    industry: 'retail',
    legalName: 'Acme Ltd',
    registrationNo: 'RN-1',
    contact: { phone: '+8612345678' },
    source: 'branch',
  }),
  ev('ProspectConverted', { convertedAt: '2026-01-10T09:00:00.000Z' }),
];

/** Friday 3 April 2026, 10:00 in Shanghai. */
const FRIDAY = '2026-04-03T02:00:00.000Z';
const receive = (extra: Record<string, unknown> = {}) =>
  cmd('ReceiveComplaint', {
    complaintId: 'cp-1',
    category: 'fees',
    text: 'Charged twice',
    policy: DEFAULT_COMPLAINT_POLICY,
    ...extra,
  });
const received = ev('ComplaintReceived', {
  complaintId: 'cp-1',
  category: 'fees',
  text: 'Charged twice',
  severity: 'high',
  channel: 'letter',
  receivedAt: FRIDAY,
  acknowledgeBy: '2026-04-08T02:00:00.000Z',
  dueBy: '2026-04-18T02:00:00.000Z',
});
const acknowledged = ev('ComplaintAcknowledged', {
  complaintId: 'cp-1',
  acknowledgedAt: '2026-04-07T01:00:00.000Z',
  ownerId: 'u-rm-1',
});
const escalate = (deadline: 'acknowledgement' | 'resolution', now: string) =>
  at(now)('EscalateComplaint', { complaintId: 'cp-1', deadline });

describe('complaint deadlines', () => {
  test('two business days over a weekend and a holiday, fifteen calendar days', () => {
    expect(complaintDeadlines(FRIDAY, DEFAULT_COMPLAINT_POLICY, calendar)).toEqual({
      acknowledgeBy: '2026-04-08T02:00:00.000Z',
      dueBy: '2026-04-18T02:00:00.000Z',
    });
  });

  test('a complaint received on a day off counts from the first day back', () => {
    // Sunday 5 April → Tuesday 7 April counts as day 0, then Wednesday and Thursday.
    expect(complaintDeadlines('2026-04-05T02:00:00.000Z', DEFAULT_COMPLAINT_POLICY, calendar).acknowledgeBy).toBe(
      '2026-04-09T02:00:00.000Z',
    );
  });

  test("a deployment's own terms", () => {
    expect(complaintDeadlines(FRIDAY, { acknowledgeBusinessDays: 1, resolveCalendarDays: 30 }, calendar)).toEqual({
      acknowledgeBy: '2026-04-07T02:00:00.000Z',
      dueBy: '2026-05-03T02:00:00.000Z',
    });
  });
});

describe('ReceiveComplaint', () => {
  test('records the severity, channel, time received and both deadlines', () => {
    spec
      .given(client)
      .when(receive({ severity: 'high', channel: 'letter', receivedAt: FRIDAY }))
      .then([received]);
  });

  test('defaults to medium severity, received now, and names an owner when given', () => {
    spec
      .given(client)
      .when(receive({ ownerId: 'u-desk-7' }))
      .then([
        ev('ComplaintReceived', {
          complaintId: 'cp-1',
          category: 'fees',
          text: 'Charged twice',
          severity: 'medium',
          receivedAt: NOW,
          ...complaintDeadlines(NOW, DEFAULT_COMPLAINT_POLICY, calendar),
          ownerId: 'u-desk-7',
        }),
      ]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a severity off the scale', { severity: 'urgent' }, 'severity'],
    ['an unknown channel', { channel: 'pigeon' }, 'channel'],
    ['a time received in the future', { receivedAt: '2026-04-21T00:00:00.000Z' }, 'receivedAt'],
    ['a time received that is no instant', { receivedAt: 'last Friday' }, 'receivedAt'],
    ['a blank text', { text: '' }, 'text'],
  ])('%s is invalid', (_case, extra, field) => {
    expectRejection(client, receive(extra), 'CLIENT.INVALID_VALUE', 'invalid', field);
  });

  test('a complaint id already used is COMPLAINT.ALREADY_RECEIVED', () => {
    expectRejection([...client, received], receive(), 'COMPLAINT.ALREADY_RECEIVED', 'conflict');
  });
});

describe('AcknowledgeComplaint', () => {
  test('records the owner, the caller by default', () => {
    spec
      .given([...client, received])
      .when(at('2026-04-07T01:00:00.000Z')('AcknowledgeComplaint', { complaintId: 'cp-1' }))
      .then([acknowledged]);
  });

  test('once only, and not once resolved', () => {
    expectRejection(
      [...client, received, acknowledged],
      cmd('AcknowledgeComplaint', { complaintId: 'cp-1' }),
      'COMPLAINT.ALREADY_ACKNOWLEDGED',
      'conflict',
    );
    expectRejection(
      [...client, received, ev('ComplaintResolved', { complaintId: 'cp-1', resolution: 'refunded' })],
      cmd('AcknowledgeComplaint', { complaintId: 'cp-1' }),
      'COMPLAINT.ALREADY_RESOLVED',
      'conflict',
    );
    expectRejection(client, cmd('AcknowledgeComplaint', { complaintId: 'cp-9' }), 'COMPLAINT.NOT_FOUND', 'not_found');
  });
});

describe('EscalateComplaint (the deadline sweep)', () => {
  test('escalates an unacknowledged complaint once its acknowledgement deadline has passed, and only once', () => {
    const escalated = ev('ComplaintEscalated', {
      complaintId: 'cp-1',
      deadline: 'acknowledgement',
      dueBy: '2026-04-08T02:00:00.000Z',
      escalatedAt: '2026-04-08T02:00:01.000Z',
    });
    spec
      .given([...client, received])
      .when(escalate('acknowledgement', '2026-04-08T02:00:01.000Z'))
      .then([escalated]);
    spec
      .given([...client, received, escalated])
      .when(escalate('acknowledgement', '2026-04-09T00:00:00.000Z'))
      .then([]);
  });

  test('records nothing before the deadline, or for a deadline met', () => {
    spec
      .given([...client, received])
      .when(escalate('acknowledgement', '2026-04-08T02:00:00.000Z'))
      .then([]);
    spec
      .given([...client, received, acknowledged])
      .when(escalate('acknowledgement', '2026-04-10T00:00:00.000Z'))
      .then([]);
    spec
      .given([...client, received, ev('ComplaintResolved', { complaintId: 'cp-1', resolution: 'refunded' })])
      .when(escalate('resolution', '2026-05-01T00:00:00.000Z'))
      .then([]);
  });

  test('escalates the resolution deadline on its own, acknowledged or not', () => {
    spec
      .given([...client, received, acknowledged])
      .when(escalate('resolution', '2026-04-18T02:00:00.001Z'))
      .then([
        ev('ComplaintEscalated', {
          complaintId: 'cp-1',
          deadline: 'resolution',
          dueBy: '2026-04-18T02:00:00.000Z',
          escalatedAt: '2026-04-18T02:00:00.001Z',
        }),
      ]);
  });

  test('records nothing for a complaint it does not know, or one received before deadlines were kept', () => {
    spec.given(client).when(escalate('resolution', NOW)).then([]);
    spec
      .given([...client, ev('ComplaintReceived', { complaintId: 'cp-1', category: 'fees', text: 'Old' })])
      .when(escalate('resolution', NOW))
      .then([]);
  });

  test('an unknown deadline is invalid', () => {
    expectRejection(
      [...client, received],
      cmd('EscalateComplaint', { complaintId: 'cp-1', deadline: 'soon' as 'resolution' }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      'deadline',
    );
  });
});

describe('ResolveComplaint', () => {
  test('records the outcome and the redress paid, with the time resolved', () => {
    spec
      .given([...client, received])
      .when(
        cmd('ResolveComplaint', {
          complaintId: 'cp-1',
          resolution: 'fee refunded',
          outcome: 'upheld',
          redressAmount: '25.00',
          currency: 'CNY',
        }),
      )
      .then([
        ev('ComplaintResolved', {
          complaintId: 'cp-1',
          resolution: 'fee refunded',
          resolvedAt: NOW,
          outcome: 'upheld',
          redressAmount: '25.00',
          currency: 'CNY',
        }),
      ]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a redress amount without its currency', { redressAmount: '25.00' }, 'currency'],
    ['a redress amount that is no decimal string', { redressAmount: 25.5, currency: 'CNY' }, 'redressAmount'],
    ['an outcome off the scale', { outcome: 'maybe' }, 'outcome'],
    ['a blank resolution', { resolution: ' ' }, 'resolution'],
  ])('%s is invalid', (_case, extra, field) => {
    expectRejection(
      [...client, received],
      cmd('ResolveComplaint', { complaintId: 'cp-1', resolution: 'fee refunded', ...extra }),
      'CLIENT.INVALID_VALUE',
      'invalid',
      field,
    );
  });

  test('an unknown complaint is COMPLAINT.NOT_FOUND, resolving twice COMPLAINT.ALREADY_RESOLVED', () => {
    expectRejection(
      client,
      cmd('ResolveComplaint', { complaintId: 'cp-9', resolution: 'x' }),
      'COMPLAINT.NOT_FOUND',
      'not_found',
    );
    expectRejection(
      [...client, received, ev('ComplaintResolved', { complaintId: 'cp-1', resolution: 'refunded' })],
      cmd('ResolveComplaint', { complaintId: 'cp-1', resolution: 'again' }),
      'COMPLAINT.ALREADY_RESOLVED',
      'conflict',
    );
  });
});
