import { riskCaseStreamId, type RiskCaseEvent } from '@crm/domain';
import { RecordedLog } from '@crm/testing';
import { riskCaseViewOf } from './risk-case-view';

const ref = { caseId: 'c-1.1', clientId: 'c-1' };
const STREAM = riskCaseStreamId(ref.caseId);
const alert = (alertId: string, severity: 'low' | 'medium' | 'high') => ({
  alertId,
  ruleId: alertId.split('.')[0],
  severity,
});

const events: RiskCaseEvent[] = [
  {
    type: 'RiskCaseOpened',
    data: {
      ...ref,
      episode: 1,
      alert: alert('EW-UTIL.c-1.1', 'medium'),
      severity: 'medium',
      openedAt: '2026-03-02T10:00:00.000Z',
      dueBy: '2026-03-05T10:00:00.000Z',
    },
  },
  {
    type: 'RiskCaseAlertJoined',
    data: {
      ...ref,
      alert: alert('EW-DPD.c-1.1', 'high'),
      severity: 'high',
      joinedAt: '2026-03-02T11:00:00.000Z',
      dueBy: '2026-03-03T11:00:00.000Z',
    },
  },
  {
    type: 'RiskCaseAssigned',
    data: { ...ref, assignee: 'officer-2', assignedBy: 'u-7', assignedAt: '2026-03-02T12:00:00.000Z' },
  },
  {
    type: 'RiskCaseAlertResolved',
    data: {
      ...ref,
      alertId: 'EW-DPD.c-1.1',
      severity: 'medium',
      resolvedAt: '2026-03-02T13:00:00.000Z',
      dueBy: '2026-03-03T11:00:00.000Z',
    },
  },
  {
    type: 'RiskCaseOverdue',
    data: { ...ref, severity: 'medium', dueBy: '2026-03-03T11:00:00.000Z', detectedAt: '2026-03-03T11:00:01.000Z' },
  },
  {
    type: 'RiskCaseAlertResolved',
    data: {
      ...ref,
      alertId: 'EW-UTIL.c-1.1',
      severity: 'medium',
      resolvedAt: '2026-03-04T09:00:00.000Z',
      dueBy: '2026-03-03T11:00:00.000Z',
    },
  },
  { type: 'RiskCaseClosed', data: { ...ref, closedAt: '2026-03-04T09:00:00.000Z' } },
];

describe('riskCaseViewOf', () => {
  test('folds a case from opening to closure, newest timeline entry first', () => {
    const log = new RecordedLog();
    for (const event of events) log.append(STREAM, event);
    const view = riskCaseViewOf(log.events);
    expect(view).toMatchObject({
      id: 'c-1.1',
      clientId: 'c-1',
      status: 'closed',
      severity: 'medium',
      dueBy: '2026-03-03T11:00:00.000Z',
      overdue: true,
      overdueAt: '2026-03-03T11:00:01.000Z',
      closedAt: '2026-03-04T09:00:00.000Z',
      assignee: 'officer-2',
      revision: 6,
    });
    expect(view?.alerts).toEqual([
      {
        alertId: 'EW-UTIL.c-1.1',
        ruleId: 'EW-UTIL',
        severity: 'medium',
        open: false,
        joinedAt: '2026-03-02T10:00:00.000Z',
        resolvedAt: '2026-03-04T09:00:00.000Z',
      },
      {
        alertId: 'EW-DPD.c-1.1',
        ruleId: 'EW-DPD',
        severity: 'high',
        open: false,
        joinedAt: '2026-03-02T11:00:00.000Z',
        resolvedAt: '2026-03-02T13:00:00.000Z',
      },
    ]);
    expect(view?.timeline.map((entry) => entry.type)).toEqual([...events].reverse().map((event) => event.type));
    expect(view?.timeline.find((entry) => entry.type === 'RiskCaseAssigned')?.assignee).toBe('officer-2');
  });

  test('a stream that does not open a case is no case', () => {
    const log = new RecordedLog();
    log.append(STREAM, events[2]);
    expect(riskCaseViewOf(log.events)).toBeNull();
    expect(riskCaseViewOf([])).toBeNull();
  });
});
