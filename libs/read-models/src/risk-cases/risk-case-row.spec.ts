import { riskCaseStreamId } from '@crm/domain';
import { RecordedLog } from '@crm/testing';
import { evolveRiskCaseRow, type RiskCaseRow } from './risk-case-row';

const ref = { caseId: 'c-1.1', clientId: 'c-1' };
const STREAM = riskCaseStreamId(ref.caseId);
const context = { branchId: 'BR-1', managerId: 'M-1' };
const alert = (alertId: string, severity: 'low' | 'medium' | 'high') => ({ alertId, ruleId: 'EW-X', severity });

describe('risk case rows', () => {
  it('given a case stream, folds each event into the row the list shows', () => {
    const log = new RecordedLog();
    log.append(STREAM, {
      type: 'RiskCaseOpened',
      data: {
        ...ref,
        episode: 1,
        alert: alert('A-1', 'medium'),
        severity: 'medium',
        openedAt: '2026-03-02T18:00:00+08:00',
        dueBy: '2026-03-05T10:00:00Z',
      },
    });
    log.append(STREAM, {
      type: 'RiskCaseAlertJoined',
      data: {
        ...ref,
        alert: alert('A-2', 'high'),
        severity: 'high',
        joinedAt: '2026-03-02T11:00:00Z',
        dueBy: '2026-03-03T11:00:00Z',
      },
    });
    log.append(STREAM, {
      type: 'RiskCaseAssigned',
      data: { ...ref, assignee: 'officer-2', assignedBy: 'u-7', assignedAt: '2026-03-02T12:00:00Z' },
    });
    log.append(STREAM, {
      type: 'RiskCaseOverdue',
      data: { ...ref, severity: 'high', dueBy: '2026-03-03T11:00:00Z', detectedAt: '2026-03-03T11:00:05Z' },
    });
    log.append(STREAM, {
      type: 'RiskCaseCommented',
      data: { ...ref, commentId: 'k-1', author: 'u-7', text: 'x', commentedAt: '2026-03-03T12:00:00Z' },
    });
    const rows = log.events.reduce<RiskCaseRow[]>((folded, event) => {
      const next = evolveRiskCaseRow(folded[folded.length - 1] ?? null, event, context);
      return next === null ? folded : [...folded, next];
    }, []);
    const last = rows[rows.length - 1];
    expect(last).toEqual({
      id: 'c-1.1',
      clientId: 'c-1',
      episode: 1,
      status: 'open',
      severity: 'high',
      openedAt: '2026-03-02T10:00:00.000Z',
      dueBy: '2026-03-03T11:00:00.000Z',
      overdue: true,
      closedAt: null,
      assignee: 'officer-2',
      openAlerts: 2,
      branchId: 'BR-1',
      managerId: 'M-1',
      revision: 4,
      position: log.events[4].position.toString(),
      updatedAt: log.events[4].recordedAt,
    });
  });

  it('when its alerts are resolved and it closes, counts down to zero and records the closing', () => {
    const log = new RecordedLog();
    log.append(STREAM, {
      type: 'RiskCaseOpened',
      data: {
        ...ref,
        episode: 1,
        alert: alert('A-1', 'low'),
        severity: 'low',
        openedAt: '2026-03-02T10:00:00Z',
        dueBy: '2026-03-16T10:00:00Z',
      },
    });
    log.append(STREAM, {
      type: 'RiskCaseAlertResolved',
      data: {
        ...ref,
        alertId: 'A-1',
        severity: 'low',
        resolvedAt: '2026-03-04T10:00:00Z',
        dueBy: '2026-03-16T10:00:00Z',
      },
    });
    log.append(STREAM, { type: 'RiskCaseClosed', data: { ...ref, closedAt: '2026-03-04T10:00:00Z' } });
    let row: RiskCaseRow | null = null;
    for (const event of log.events) row = evolveRiskCaseRow(row, event, { branchId: null, managerId: null });
    expect(row).toMatchObject({ status: 'closed', closedAt: '2026-03-04T10:00:00.000Z', openAlerts: 0 });
  });

  it('is nothing until the stream opens with RiskCaseOpened', () => {
    const log = new RecordedLog();
    const event = log.append(STREAM, { type: 'RiskCaseClosed', data: { ...ref, closedAt: '2026-03-04T10:00:00Z' } });
    expect(evolveRiskCaseRow(null, event, context)).toBeNull();
  });
});
