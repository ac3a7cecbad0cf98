import { riskCaseStreamId, type Severity } from '@crm/domain';
import { InvalidCursorError, RiskCaseQueries, type RiskCaseListQuery } from '@crm/read-models';
import { projectedReadModels } from './projected-read-models';
import type { ReadModelStoreFactory } from './read-model-store.contract';
import { RecordedLog } from './recorded-events';

const clientId = (n: number): string => `0190a4c2-00ca-7000-8000-${n.toString(16).padStart(12, '0')}`;
const caseId = (n: number, episode = 1): string => `${clientId(n)}.${episode}`;

/**
 * Four clients in two branches, each with a case built event by event:
 *
 * | client | branch / manager | case        | severity | due by (March) | assignee | overdue | open alerts |
 * |--------|------------------|-------------|----------|----------------|----------|---------|-------------|
 * | 1      | BR-A / M-1       | open        | high     | 3rd 10:00      | u-ro     | yes     | 2           |
 * | 2      | BR-A / M-2       | open        | medium   | 5th 10:00      | –        | no      | 1           |
 * | 3      | BR-B / M-3       | open        | critical | 2nd 14:00      | u-ro     | no      | 1           |
 * | 4      | BR-B / M-3       | closed      | low      | 12th 10:00     | –        | no      | 0           |
 */
const buildCases = (): RecordedLog => {
  const log = new RecordedLog();
  const client = (n: number, branchId: string, managerId: string): void => {
    log.append(`client-${clientId(n)}`, {
      type: 'ProspectRegistered',
      data: {
        clientId: clientId(n),
        branchId,
        segment: 'sme',
        industry: 'retail',
        legalName: `Case Client ${n}`,
        registrationNo: `RN-CASE-${n}`,
        contact: { phone: '+86 21 5555 0100' },
        source: 'branch',
      },
    });
    log.append(`client-${clientId(n)}`, {
      type: 'ManagerAssigned',
      data: { managerId, managerLevel: 'senior', reason: 'coverage' },
    });
  };
  const opened = (n: number, severity: Severity, dueBy: string): void => {
    log.append(riskCaseStreamId(caseId(n)), {
      type: 'RiskCaseOpened',
      data: {
        caseId: caseId(n),
        clientId: clientId(n),
        episode: 1,
        alert: { alertId: `EW-X.${clientId(n)}.1`, ruleId: 'EW-X', severity },
        severity,
        openedAt: '2026-03-01T09:00:00.000Z',
        dueBy,
      },
    });
  };
  const ref = (n: number) => ({ caseId: caseId(n), clientId: clientId(n) });
  client(1, 'BR-A', 'M-1');
  client(2, 'BR-A', 'M-2');
  client(3, 'BR-B', 'M-3');
  client(4, 'BR-B', 'M-3');
  opened(1, 'medium', '2026-03-04T09:00:00.000Z');
  log.append(riskCaseStreamId(caseId(1)), {
    type: 'RiskCaseAlertJoined',
    data: {
      ...ref(1),
      alert: { alertId: `EW-Y.${clientId(1)}.1`, ruleId: 'EW-Y', severity: 'high' },
      severity: 'high',
      joinedAt: '2026-03-02T10:00:00.000Z',
      dueBy: '2026-03-03T10:00:00.000Z',
    },
  });
  log.append(riskCaseStreamId(caseId(1)), {
    type: 'RiskCaseAssigned',
    data: { ...ref(1), assignee: 'u-ro', assignedBy: 'u-bh', assignedAt: '2026-03-02T11:00:00.000Z' },
  });
  log.append(riskCaseStreamId(caseId(1)), {
    type: 'RiskCaseOverdue',
    data: { ...ref(1), severity: 'high', dueBy: '2026-03-03T10:00:00.000Z', detectedAt: '2026-03-03T10:01:00.000Z' },
  });
  opened(2, 'medium', '2026-03-05T10:00:00.000Z');
  opened(3, 'critical', '2026-03-02T14:00:00.000Z');
  log.append(riskCaseStreamId(caseId(3)), {
    type: 'RiskCaseAssigned',
    data: { ...ref(3), assignee: 'u-ro', assignedBy: 'u-bh', assignedAt: '2026-03-02T11:00:00.000Z' },
  });
  opened(4, 'low', '2026-03-12T10:00:00.000Z');
  log.append(riskCaseStreamId(caseId(4)), {
    type: 'RiskCaseAlertResolved',
    data: {
      ...ref(4),
      alertId: `EW-X.${clientId(4)}.1`,
      severity: 'low',
      resolvedAt: '2026-03-03T09:00:00.000Z',
      dueBy: '2026-03-12T10:00:00.000Z',
    },
  });
  log.append(riskCaseStreamId(caseId(4)), {
    type: 'RiskCaseClosed',
    data: { ...ref(4), closedAt: '2026-03-03T09:00:00.000Z' },
  });
  return log;
};

/** The case list on a store the client read models' projector filled; expectations from the table above. */
export function riskCaseListContract(name: string, factory: ReadModelStoreFactory): void {
  describe(`RiskCaseQueries contract: ${name}`, () => {
    const projected = projectedReadModels(factory, buildCases, (store) => new RiskCaseQueries(store));

    const ids = async (query: Omit<RiskCaseListQuery, 'limit'>): Promise<string[]> =>
      (await projected.queries.listCases({ limit: 50, ...query })).items.map((item) => item.id);

    it('lists every case soonest due first, each with what its stream and its client say', async () => {
      expect(await ids({})).toEqual([caseId(3), caseId(1), caseId(2), caseId(4)]);
      const [first] = (await projected.queries.listCases({ limit: 1, status: 'open', overdue: true })).items;
      expect(first).toEqual({
        id: caseId(1),
        clientId: clientId(1),
        episode: 1,
        status: 'open',
        severity: 'high',
        openedAt: '2026-03-01T09:00:00.000Z',
        dueBy: '2026-03-03T10:00:00.000Z',
        overdue: true,
        closedAt: null,
        assignee: 'u-ro',
        openAlerts: 2,
        branchId: 'BR-A',
        managerId: 'M-1',
        revision: 3,
        position: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('filters by status, severities, assignee (or none), branch and overdue', async () => {
      expect(await ids({ status: 'open' })).toEqual([caseId(3), caseId(1), caseId(2)]);
      expect(await ids({ status: 'closed' })).toEqual([caseId(4)]);
      expect(await ids({ severities: ['critical', 'high'] })).toEqual([caseId(3), caseId(1)]);
      expect(await ids({ assignee: 'u-ro' })).toEqual([caseId(3), caseId(1)]);
      expect(await ids({ assignee: 'none' })).toEqual([caseId(2), caseId(4)]);
      expect(await ids({ branchId: 'BR-B' })).toEqual([caseId(3), caseId(4)]);
      expect(await ids({ overdue: true })).toEqual([caseId(1)]);
      expect(await ids({ status: 'open', branchId: 'BR-A', assignee: 'none' })).toEqual([caseId(2)]);
    });

    it("keeps each caller to their clients' cases, and follows a client to its new manager", async () => {
      expect(await ids({ scope: { kind: 'branch', branchId: 'BR-A' } })).toEqual([caseId(1), caseId(2)]);
      expect(await ids({ scope: { kind: 'manager', managerId: 'M-3' } })).toEqual([caseId(3), caseId(4)]);
      const moved = projected.log.append(`client-${clientId(2)}`, {
        type: 'ManagerAssigned',
        data: { managerId: 'M-3', managerLevel: 'senior', previousManagerId: 'M-2', reason: 'rotation' },
      });
      await projected.project([moved]);
      expect(await ids({ scope: { kind: 'manager', managerId: 'M-3' } })).toEqual([caseId(3), caseId(2), caseId(4)]);
      expect(await ids({ scope: { kind: 'manager', managerId: 'M-2' } })).toEqual([]);
    });

    it('pages with an opaque cursor to an exact end, and refuses a cursor no page handed out', async () => {
      const first = await projected.queries.listCases({ limit: 3 });
      expect(first.items).toHaveLength(3);
      const rest = await projected.queries.listCases({ limit: 3, cursor: first.nextCursor ?? undefined });
      expect([...first.items, ...rest.items].map((item) => item.id)).toEqual(await ids({}));
      expect(rest.nextCursor).toBeNull();
      await expect(projected.queries.listCases({ limit: 3, cursor: 'not-a-cursor' })).rejects.toThrow(
        InvalidCursorError,
      );
    });
  });
}
