import type { ClientEvent } from '@crm/domain';
import { RecordedLog } from '@crm/testing';
import type { ClientView } from '../client-view/client-view';
import { evolveClientView } from '../client-view/client-view.projection';
import { complaintChangeOf, complaintRowsOfView, isComplaintOverdue, type ComplaintRow } from './complaint-row';

const CLIENT = '0190a4c2-00c0-7000-8000-000000000001';
const STREAM = `client-${CLIENT}`;

const registered: ClientEvent = {
  type: 'ProspectRegistered',
  data: {
    clientId: CLIENT,
    branchId: 'BR-1',
    segment: 'sme',
    industry: 'retail',
    legalName: 'Complaint Client Ltd',
    registrationNo: 'RN-CP-1',
    contact: {},
    source: 'branch',
  },
};
const assigned = (managerId: string): ClientEvent => ({
  type: 'ManagerAssigned',
  data: { managerId, managerLevel: 'senior', reason: 'coverage' },
});
const received = (complaintId: string, extra: Record<string, string> = {}): ClientEvent => ({
  type: 'ComplaintReceived',
  data: {
    complaintId,
    category: 'fees',
    text: 'PRIVATE complaint text',
    severity: 'high',
    channel: 'letter',
    receivedAt: '2026-03-02T02:00:00.000Z',
    acknowledgeBy: '2026-03-04T02:00:00.000Z',
    dueBy: '2026-03-17T02:00:00.000Z',
    ...extra,
  } as Extract<ClientEvent, { type: 'ComplaintReceived' }>['data'],
});

/** The view after the events (each recorded a minute after the last, from 2025-01-06 09:00). */
const viewAfter = (...events: ClientEvent[]): ClientView => {
  const log = new RecordedLog();
  for (const event of [registered, assigned('M-1'), ...events]) log.append(STREAM, event);
  const view = log.events.reduce<ClientView | null>(evolveClientView, null);
  if (view === null) throw new Error('expected a view');
  return view;
};

const rowOf = (view: ClientView, complaintId: string): ComplaintRow | undefined =>
  complaintRowsOfView(view).find((row) => row.complaintId === complaintId);

describe('complaint rows of a client view', () => {
  it('keeps a received complaint open with its deadlines, the client’s branch and manager, and no text', () => {
    const view = viewAfter(received('cp-1'));
    expect(complaintRowsOfView(view)).toEqual([
      {
        complaintId: 'cp-1',
        clientId: CLIENT,
        branchId: 'BR-1',
        managerId: 'M-1',
        category: 'fees',
        severity: 'high',
        channel: 'letter',
        status: 'open',
        receivedAt: '2026-03-02T02:00:00.000Z',
        acknowledgeBy: '2026-03-04T02:00:00.000Z',
        dueBy: '2026-03-17T02:00:00.000Z',
        acknowledgedAt: null,
        escalated: [],
        resolvedAt: null,
        outcome: null,
        redressAmount: null,
        currency: null,
      },
    ]);
    expect(view.complaints).toEqual({ open: 1, openIds: ['cp-1'] });
    expect(JSON.stringify(view)).not.toMatch(/PRIVATE/);
  });

  it('follows acknowledgement, each escalation once, and resolution with its outcome and redress', () => {
    const view = viewAfter(
      received('cp-1'),
      {
        type: 'ComplaintEscalated',
        data: { complaintId: 'cp-1', deadline: 'acknowledgement', dueBy: 'x', escalatedAt: 'y' },
      },
      {
        type: 'ComplaintEscalated',
        data: { complaintId: 'cp-1', deadline: 'acknowledgement', dueBy: 'x', escalatedAt: 'y' },
      },
      {
        type: 'ComplaintAcknowledged',
        data: { complaintId: 'cp-1', acknowledgedAt: '2026-03-05T01:00:00+08:00', ownerId: 'u-1' },
      },
      {
        type: 'ComplaintEscalated',
        data: { complaintId: 'cp-1', deadline: 'resolution', dueBy: 'x', escalatedAt: 'y' },
      },
      {
        type: 'ComplaintResolved',
        data: {
          complaintId: 'cp-1',
          resolution: 'refunded',
          resolvedAt: '2026-03-20T08:00:00.000Z',
          outcome: 'upheld',
          redressAmount: '25.00',
          currency: 'CNY',
        },
      },
      // Nothing moves a resolved complaint back.
      {
        type: 'ComplaintAcknowledged',
        data: { complaintId: 'cp-1', acknowledgedAt: '2026-03-21T00:00:00.000Z', ownerId: 'u-2' },
      },
    );
    expect(rowOf(view, 'cp-1')).toMatchObject({
      status: 'resolved',
      // Times are kept as toISOString writes them, so the rows compare as text on both engines.
      acknowledgedAt: '2026-03-04T17:00:00.000Z',
      escalated: ['acknowledgement', 'resolution'],
      resolvedAt: '2026-03-20T08:00:00.000Z',
      outcome: 'upheld',
      redressAmount: '25.00',
      currency: 'CNY',
    });
    expect(view.complaints).toEqual({ open: 0, openIds: [] });
  });

  it('dates a complaint recorded before deadlines existed by when it was recorded, without severity or deadlines', () => {
    const view = viewAfter(
      { type: 'ComplaintReceived', data: { complaintId: 'old', category: 'service', text: 't' } },
      { type: 'ComplaintResolved', data: { complaintId: 'old', resolution: 'r' } },
    );
    // ProspectRegistered at 09:01, ManagerAssigned 09:02, received 09:03, resolved 09:04.
    expect(rowOf(view, 'old')).toMatchObject({
      severity: null,
      channel: null,
      status: 'resolved',
      receivedAt: '2025-01-06T09:03:00.000Z',
      acknowledgeBy: null,
      dueBy: null,
      resolvedAt: '2025-01-06T09:04:00.000Z',
      outcome: null,
    });
  });

  it('counts a complaint it never tracked (a view stored before) but keeps no row for it', () => {
    const stored = viewAfter();
    const older: ClientView = { ...stored, complaints: { open: 1, openIds: ['untracked'] } };
    const resolved = evolveClientView(
      older,
      new RecordedLog().append(STREAM, {
        type: 'ComplaintResolved',
        data: { complaintId: 'untracked', resolution: 'r' },
      }),
    );
    expect(resolved?.complaints).toEqual({ open: 0, openIds: [] });
    expect(resolved?.complaintsTracked).toBeUndefined();
    expect(complaintChangeOf(older, resolved as ClientView)).toBeNull();
  });

  it('reports a client’s rows when a complaint or its manager changed, and not otherwise', () => {
    const before = viewAfter(received('cp-1'));
    expect(complaintChangeOf(before, { ...before, revision: 99, legalName: '[erased]' })).toBeNull();
    const moved = complaintChangeOf(before, { ...before, manager: { id: 'M-2', name: null, level: 'senior' } });
    expect(moved?.rows.map((row) => [row.complaintId, row.managerId])).toEqual([['cp-1', 'M-2']]);
    const branch = complaintChangeOf(before, { ...before, branchId: 'BR-2' });
    expect(branch?.rows.map((row) => row.branchId)).toEqual(['BR-2']);
    expect(complaintChangeOf(null, viewAfter())).toBeNull();
  });
});

describe('isComplaintOverdue', () => {
  const complaint = {
    status: 'open' as const,
    acknowledgeBy: '2026-03-04T02:00:00.000Z',
    dueBy: '2026-03-17T02:00:00.000Z',
  };
  const at = (iso: string) => Date.parse(iso);

  it('is overdue once a deadline is behind, not at the instant itself', () => {
    expect(isComplaintOverdue(complaint, at('2026-03-04T02:00:00.000Z'))).toBe(false);
    expect(isComplaintOverdue(complaint, at('2026-03-04T02:00:00.001Z'))).toBe(true);
  });

  it('lets an acknowledgement stop the first deadline, and a resolution both', () => {
    const acknowledged = { ...complaint, status: 'acknowledged' as const };
    expect(isComplaintOverdue(acknowledged, at('2026-03-10T00:00:00.000Z'))).toBe(false);
    expect(isComplaintOverdue(acknowledged, at('2026-03-17T02:00:00.001Z'))).toBe(true);
    expect(isComplaintOverdue({ ...complaint, status: 'resolved' }, at('2027-01-01T00:00:00.000Z'))).toBe(false);
  });

  it('never holds a complaint without deadlines overdue', () => {
    expect(isComplaintOverdue({ status: 'open', acknowledgeBy: null, dueBy: null }, at('2030-01-01T00:00:00Z'))).toBe(
      false,
    );
  });
});
