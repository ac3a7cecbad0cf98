import { RecordedLog } from '@crm/testing';
import type { ClientView } from '../client-view/client-view';
import { evolveClientView } from '../client-view/client-view.projection';
import { listColumnsOf } from '../client-list/client-list-columns';
import { evolveAlertView, openAlertOf, withAlert } from './alert.projection';
import type { AlertView } from './alert-view';

const CLIENT = '0190a4c2-00d0-7000-8000-000000000001';
const ALERT = `EW-DPD.${CLIENT}.1`;
const CONTEXT = { branchId: 'br-1', managerId: 'm-1' };

const raise = (log: RecordedLog, severity = 'high') =>
  log.append(`alert-${ALERT}`, {
    type: 'AlertRaised',
    data: {
      alertId: ALERT,
      clientId: CLIENT,
      ruleId: 'EW-DPD',
      ruleVersion: 2,
      episode: 1,
      severity,
      reason: '35 days past due',
      evidence: ['evt-1'],
      raisedAt: '2026-03-01T09:00:00+08:00',
      dueBy: '2026-03-02T01:00:00Z',
    },
  });

const fold = (log: RecordedLog, context = CONTEXT): AlertView | null =>
  log.events.reduce<AlertView | null>((row, event) => evolveAlertView(row, event, context), null);

describe('alert projection', () => {
  it('starts with AlertRaised, times in UTC with milliseconds, and follows the alert through its life', () => {
    const log = new RecordedLog();
    raise(log);
    const raised = fold(log);
    expect(raised).toEqual({
      id: ALERT,
      clientId: CLIENT,
      ruleId: 'EW-DPD',
      ruleVersion: 2,
      episode: 1,
      severity: 'high',
      status: 'open',
      reason: '35 days past due',
      evidence: ['evt-1'],
      raisedAt: '2026-03-01T01:00:00.000Z',
      dueBy: '2026-03-02T01:00:00.000Z',
      acknowledgedBy: null,
      acknowledgedAt: null,
      escalatedTo: null,
      escalatedAt: null,
      outcome: null,
      note: null,
      resolvedBy: null,
      resolvedAt: null,
      reopenedAt: null,
      branchId: 'br-1',
      managerId: 'm-1',
      revision: 0,
      position: '1',
      updatedAt: log.events[0].recordedAt,
    });

    log.append(`alert-${ALERT}`, {
      type: 'AlertAcknowledged',
      data: { alertId: ALERT, clientId: CLIENT, acknowledgedBy: 'u-ro', acknowledgedAt: '2026-03-01T02:00:00Z' },
    });
    expect(fold(log)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'u-ro',
      acknowledgedAt: '2026-03-01T02:00:00.000Z',
      revision: 1,
    });

    log.append(`alert-${ALERT}`, {
      type: 'AlertEscalated',
      data: {
        alertId: ALERT,
        clientId: CLIENT,
        from: 'high',
        severity: 'critical',
        to: 'credit_committee',
        reason: 'no payment',
        evidence: [],
        escalatedAt: '2026-03-01T03:00:00Z',
        dueBy: '2026-03-01T15:00:00Z',
      },
    });
    expect(fold(log)).toMatchObject({
      status: 'escalated',
      severity: 'critical',
      escalatedTo: 'credit_committee',
      reason: 'no payment',
      evidence: ['evt-1'],
      dueBy: '2026-03-01T15:00:00.000Z',
    });

    log.append(`alert-${ALERT}`, {
      type: 'AlertResolved',
      data: {
        alertId: ALERT,
        clientId: CLIENT,
        outcome: 'actioned',
        note: 'restructured',
        resolvedBy: 'u-ro',
        resolvedAt: '2026-03-02T00:00:00Z',
      },
    });
    const resolved = fold(log);
    expect(resolved).toMatchObject({
      status: 'resolved',
      outcome: 'actioned',
      note: 'restructured',
      resolvedBy: 'u-ro',
      revision: 3,
    });
    expect(openAlertOf(resolved as AlertView)).toBeNull();

    log.append(`alert-${ALERT}`, {
      type: 'AlertReopened',
      data: {
        alertId: ALERT,
        clientId: CLIENT,
        reason: 'paid with a bounced cheque',
        reopenedBy: 'u-ro',
        reopenedAt: '2026-03-03T00:00:00Z',
        dueBy: '2026-03-04T00:00:00Z',
      },
    });
    expect(fold(log)).toMatchObject({
      status: 'open',
      severity: 'critical',
      reason: 'paid with a bounced cheque',
      outcome: null,
      note: null,
      resolvedBy: null,
      acknowledgedBy: null,
      reopenedAt: '2026-03-03T00:00:00.000Z',
      dueBy: '2026-03-04T00:00:00.000Z',
      revision: 4,
    });
  });

  it('ignores a stream that does not start with AlertRaised, and only moves the revision for unknown types', () => {
    const log = new RecordedLog();
    log.append(`alert-${ALERT}`, {
      type: 'AlertAcknowledged',
      data: { alertId: ALERT, clientId: CLIENT, acknowledgedBy: 'u', acknowledgedAt: '2026-03-01T02:00:00Z' },
    });
    expect(fold(log)).toBeNull();

    const other = new RecordedLog();
    raise(other);
    other.append(`alert-${ALERT}`, { type: 'AlertSnoozed', data: { alertId: ALERT, clientId: CLIENT } });
    expect(fold(other)).toMatchObject({ status: 'open', revision: 1, position: '2' });
  });

  it('keeps the client view’s open alerts and its alert counts, without touching its revision', () => {
    const log = new RecordedLog();
    const registered = log.append(`client-${CLIENT}`, {
      type: 'ProspectRegistered',
      data: {
        clientId: CLIENT,
        branchId: 'br-1',
        segment: 'sme',
        industry: 'retail',
        legalName: 'x',
        registrationNo: 'y',
        contact: {},
        source: 's',
      },
    });
    const view = evolveClientView(null, registered) as ClientView;
    raise(log, 'medium');
    const row = evolveAlertView(null, log.events[1], CONTEXT);
    const withOpen = withAlert(view, row as AlertView);
    expect(withOpen.openAlerts).toEqual([
      { id: ALERT, ruleId: 'EW-DPD', severity: 'medium', status: 'open', dueBy: '2026-03-02T01:00:00.000Z' },
    ]);
    expect(withOpen).toMatchObject({ revision: view.revision, position: view.position, updatedAt: view.updatedAt });
    expect(listColumnsOf(withOpen)).toMatchObject({
      riskLevel: 'medium',
      openAlerts: { low: 0, medium: 1, high: 0, critical: 0 },
    });
    // The same entry again changes nothing (the projector then writes nothing for the view).
    expect(withAlert(withOpen, row as AlertView)).toBe(withOpen);
    const resolved = { ...(row as AlertView), status: 'resolved' as const };
    expect(withAlert(withOpen, resolved).openAlerts).toEqual([]);
    expect(withAlert(view, resolved)).toBe(view);
  });
});
