import { ComplaintQueries, type ComplaintPage } from '@crm/read-models';
import { projectedReadModels } from './projected-read-models';
import type { ReadModelStoreFactory } from './read-model-store.contract';
import { RecordedLog } from './recorded-events';

const clientId = (n: number): string => `0190a4c2-00cb-7000-8000-${n.toString(16).padStart(12, '0')}`;
const stream = (n: number): string => `client-${clientId(n)}`;

/**
 * Three clients and their complaints, received in March 2026 (times UTC; deadlines as the decider
 * writes them, here 2 and 15 days):
 *
 * | complaint | client (branch, manager) | received  | then                                  |
 * |-----------|--------------------------|-----------|---------------------------------------|
 * | p-1       | 1 (BR-A, M-1)            | 2nd 02:00 | acknowledged 3rd, resolved 10th       |
 * | p-2       | 1 (BR-A, M-1)            | 5th 02:00 | nothing: past both deadlines at NOW   |
 * | p-3       | 2 (BR-A, M-2)            | 6th 02:00 | acknowledged 7th: past neither        |
 * | p-4       | 3 (BR-B, M-3)            | 7th 02:00 | nothing: past acknowledgement at NOW  |
 */
const buildLog = (): RecordedLog => {
  const log = new RecordedLog();
  const client = (n: number, branchId: string, managerId: string): void => {
    log.coveredClient(clientId(n), {
      branchId,
      managerId,
      legalName: `Complaint Client ${n}`,
      registrationNo: `RN-CL-${n}`,
    });
  };
  const receive = (n: number, complaintId: string, day: number): void => {
    const at = (days: number) => new Date(Date.UTC(2026, 2, day + days, 2)).toISOString();
    log.append(stream(n), {
      type: 'ComplaintReceived',
      data: {
        complaintId,
        category: n === 3 ? 'service' : 'fees',
        text: 'not in any row',
        severity: 'medium',
        channel: 'phone',
        receivedAt: at(0),
        acknowledgeBy: at(2),
        dueBy: at(15),
      },
    });
  };
  client(1, 'BR-A', 'M-1');
  client(2, 'BR-A', 'M-2');
  client(3, 'BR-B', 'M-3');
  receive(1, 'p-1', 2);
  receive(1, 'p-2', 5);
  receive(2, 'p-3', 6);
  receive(3, 'p-4', 7);
  const acknowledge = (n: number, complaintId: string, at: string) =>
    log.append(stream(n), { type: 'ComplaintAcknowledged', data: { complaintId, acknowledgedAt: at, ownerId: 'u-1' } });
  acknowledge(1, 'p-1', '2026-03-03T02:00:00.000Z');
  acknowledge(2, 'p-3', '2026-03-07T02:00:00.000Z');
  log.append(stream(1), {
    type: 'ComplaintResolved',
    data: { complaintId: 'p-1', resolution: 'r', resolvedAt: '2026-03-10T02:00:00.000Z', outcome: 'not_upheld' },
  });
  return log;
};

/** p-2's resolution is due on the 20th, p-3's on the 21st; p-4's acknowledgement was due on the 9th. */
const NOW = new Date('2026-03-20T12:00:00.000Z');

const ids = (page: ComplaintPage): string[] => page.items.map((item) => item.complaintId);

/** The complaints list and the monthly rows on a store the client read models' projector filled. */
export function complaintListContract(name: string, factory: ReadModelStoreFactory): void {
  describe(`ComplaintQueries contract: ${name}`, () => {
    const projected = projectedReadModels(factory, buildLog, (store) => new ComplaintQueries(store));

    it('lists newest received first, with status and overdue at the time asked', async () => {
      const page = await projected.queries.listComplaints({ limit: 50 }, NOW);
      expect(ids(page)).toEqual(['p-4', 'p-3', 'p-2', 'p-1']);
      expect(page.items.map((item) => [item.complaintId, item.status, item.overdue])).toEqual([
        ['p-4', 'open', true],
        ['p-3', 'acknowledged', false],
        ['p-2', 'open', true],
        ['p-1', 'resolved', false],
      ]);
      expect(page.items[3]).toMatchObject({
        clientId: clientId(1),
        branchId: 'BR-A',
        managerId: 'M-1',
        category: 'fees',
        acknowledgedAt: '2026-03-03T02:00:00.000Z',
        resolvedAt: '2026-03-10T02:00:00.000Z',
        outcome: 'not_upheld',
        escalated: [],
      });
      expect(page.nextCursor).toBeNull();
    });

    it('filters by branch, status and overdue in the SQL, and pages on the cursor', async () => {
      expect(ids(await projected.queries.listComplaints({ branchId: 'BR-A', limit: 50 }, NOW))).toEqual([
        'p-3',
        'p-2',
        'p-1',
      ]);
      expect(
        ids(await projected.queries.listComplaints({ statuses: ['open', 'acknowledged'], limit: 50 }, NOW)),
      ).toEqual(['p-4', 'p-3', 'p-2']);
      expect(ids(await projected.queries.listComplaints({ overdue: true, limit: 50 }, NOW))).toEqual(['p-4', 'p-2']);
      expect(ids(await projected.queries.listComplaints({ overdue: false, limit: 50 }, NOW))).toEqual(['p-3', 'p-1']);
      // At the instant p-2's acknowledgement falls due (the 7th 02:00) it is not overdue yet, nor is any other.
      expect(
        ids(await projected.queries.listComplaints({ overdue: true, limit: 50 }, new Date('2026-03-07T02:00:00.000Z'))),
      ).toEqual([]);
      const first = await projected.queries.listComplaints({ limit: 3 }, NOW);
      expect(ids(first)).toEqual(['p-4', 'p-3', 'p-2']);
      const second = await projected.queries.listComplaints({ limit: 3, cursor: first.nextCursor ?? '' }, NOW);
      expect([ids(second), second.nextCursor]).toEqual([['p-1'], null]);
    });

    it('keeps to the caller’s scope in the SQL: a manager’s clients, a branch', async () => {
      const mine = await projected.queries.listComplaints(
        { scope: { kind: 'manager', managerId: 'M-1' }, limit: 50 },
        NOW,
      );
      expect(ids(mine)).toEqual(['p-2', 'p-1']);
      const branch = await projected.queries.listComplaints(
        { scope: { kind: 'branch', branchId: 'BR-B' }, limit: 50 },
        NOW,
      );
      expect(ids(branch)).toEqual(['p-4']);
      const crossed = { scope: { kind: 'branch', branchId: 'BR-B' }, branchId: 'BR-A', limit: 50 } as const;
      expect(ids(await projected.queries.listComplaints(crossed, NOW))).toEqual([]);
    });

    it('reads a branch’s month from its rows: received, acknowledged and resolved in it', async () => {
      const summary = await projected.queries.monthlySummary('BR-A', '2026-03', 'UTC');
      expect(summary.received).toEqual({
        total: 3,
        byCategory: [{ category: 'fees', count: 3 }],
        bySeverity: { low: 0, medium: 3, high: 0, unrecorded: 0 },
      });
      expect(summary.resolved).toEqual({
        total: 1,
        withDeadline: 1,
        inTime: 1,
        inTimeShare: 1,
        resolutionHours: { p50: 192, p90: 192 },
      });
      expect(summary.acknowledged).toEqual({ total: 2, withDeadline: 2, inTime: 2, inTimeShare: 1 });
      const scoped = await projected.queries.monthlySummary('BR-A', '2026-03', 'UTC', {
        kind: 'manager',
        managerId: 'M-2',
      });
      expect(scoped.received.total).toBe(1);
      expect((await projected.queries.monthlySummary('BR-A', '2026-02', 'UTC')).received.total).toBe(0);
    });

    it('moves a client’s complaints with its reassignment', async () => {
      projected.log.append(stream(1), {
        type: 'ManagerAssigned',
        data: { managerId: 'M-2', managerLevel: 'senior', reason: 'y' },
      });
      await projected.project(projected.log.events);
      const theirs = await projected.queries.listComplaints(
        { scope: { kind: 'manager', managerId: 'M-2' }, limit: 50 },
        NOW,
      );
      expect(theirs.items.map((item) => [item.complaintId, item.managerId])).toEqual([
        ['p-3', 'M-2'],
        ['p-2', 'M-2'],
        ['p-1', 'M-2'],
      ]);
      expect(
        ids(await projected.queries.listComplaints({ scope: { kind: 'manager', managerId: 'M-1' }, limit: 50 }, NOW)),
      ).toEqual([]);
    });
  });
}
