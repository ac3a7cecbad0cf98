import { RecordedLog } from '@crm/testing';
import { toAlertMessage } from './alert-feed.message';

const ALERT = 'a0000000-0000-7000-8000-000000000001';
const CLIENT = 'c0000000-0000-7000-8000-000000000001';

const parse = (frame: string) => {
  const lines = frame.split('\n');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the payload's shape is what the tests below check
  return { lines, payload: JSON.parse(lines[2].slice('data: '.length)) as Record<string, any> };
};

describe('toAlertMessage', () => {
  it('formats one SSE frame: id = global position, event = type, a single data line', () => {
    const log = new RecordedLog();
    log.append(`client-${CLIENT}`, { type: 'ClientProfileUpdated', data: {} });
    const raised = log.append(`alert-${ALERT}`, {
      type: 'AlertRaised',
      data: {
        alertId: ALERT,
        clientId: CLIENT,
        ruleId: 'EW-DPD',
        ruleVersion: 1,
        episode: 1,
        severity: 'high',
        reason: 'Facility F-1 is 35 days past due\nsecond line',
        evidence: ['e-1'],
        raisedAt: '2026-01-01T00:00:00.000Z',
        dueBy: '2026-01-02T00:00:00.000Z',
      },
    });
    const message = toAlertMessage(raised);
    expect(message).not.toBeNull();
    expect(message?.position).toBe(2n);
    const { lines, payload } = parse(message!.frame);
    expect(lines.slice(0, 2)).toEqual(['id: 2', 'event: AlertRaised']);
    expect(message!.frame.endsWith('\n\n')).toBe(true);
    expect(lines).toHaveLength(5); // id, event, data, '', '' — the newline in `reason` stays escaped
    expect(payload).toEqual({
      alertId: ALERT,
      clientId: CLIENT,
      type: 'AlertRaised',
      revision: 0,
      position: '2',
      recordedAt: raised.recordedAt,
      data: raised.data,
    });
  });

  it('names the trace the alert was raised in (its id only), and nothing for an event outside any trace', () => {
    const log = new RecordedLog();
    const data = { alertId: ALERT, clientId: CLIENT, acknowledgedAt: 't1' };
    const untraced = log.append(`alert-${ALERT}`, { type: 'AlertAcknowledged', data });
    const traced = log.append(`alert-${ALERT}`, { type: 'AlertAcknowledged', data });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const withTrace = {
      ...traced,
      metadata: { ...traced.metadata, traceparent: `00-${traceId}-00f067aa0ba902b7-01`, tracestate: 'v=1' },
    };
    expect(parse(toAlertMessage(withTrace)!.frame).payload.traceId).toBe(traceId);
    expect(toAlertMessage(withTrace)!.frame).not.toContain('00f067aa0ba902b7');
    expect(parse(toAlertMessage(untraced)!.frame).payload).not.toHaveProperty('traceId');
    const hostile = { ...traced, metadata: { ...traced.metadata, traceparent: 'ff-x\r\nevil' } };
    expect(parse(toAlertMessage(hostile)!.frame).payload).not.toHaveProperty('traceId');
  });

  it('leaves out free-text notes, user ids and fields it does not know', () => {
    const log = new RecordedLog();
    const stream = `alert-${ALERT}`;
    const ref = { alertId: ALERT, clientId: CLIENT };
    const acknowledged = log.append(stream, {
      type: 'AlertAcknowledged',
      data: { ...ref, acknowledgedBy: 'u-officer', acknowledgedAt: 't1', phone: '+86 1' },
    });
    const resolved = log.append(stream, {
      type: 'AlertResolved',
      data: { ...ref, outcome: 'actioned', note: 'Called Mr Li', resolvedBy: 'u-officer', resolvedAt: 't2' },
    });
    const reopened = log.append(stream, {
      type: 'AlertReopened',
      data: { ...ref, reason: 'recurred', reopenedBy: 'u-officer', reopenedAt: 't3', dueBy: 't4' },
    });
    const escalated = log.append(stream, {
      type: 'AlertEscalated',
      data: {
        ...ref,
        from: 'medium',
        severity: 'high',
        to: 'credit_committee',
        reason: 'worse',
        evidence: [],
        escalatedAt: 't5',
        dueBy: 't6',
      },
    });

    expect(parse(toAlertMessage(acknowledged)!.frame).payload.data).toEqual({ ...ref, acknowledgedAt: 't1' });
    expect(parse(toAlertMessage(resolved)!.frame).payload.data).toEqual({
      ...ref,
      outcome: 'actioned',
      resolvedAt: 't2',
    });
    expect(parse(toAlertMessage(reopened)!.frame).payload.data).toEqual({
      ...ref,
      reason: 'recurred',
      reopenedAt: 't3',
      dueBy: 't4',
    });
    expect(parse(toAlertMessage(escalated)!.frame).payload.data).toEqual(escalated.data);
  });

  it('skips events of other streams, unknown types and alert events without their refs', () => {
    const log = new RecordedLog();
    expect(
      toAlertMessage(
        log.append(`client-${CLIENT}`, { type: 'AlertRaised', data: { alertId: ALERT, clientId: CLIENT } }),
      ),
    ).toBeNull();
    expect(
      toAlertMessage(
        log.append(`alert-${ALERT}`, { type: 'AlertSnoozed', data: { alertId: ALERT, clientId: CLIENT } }),
      ),
    ).toBeNull();
    expect(
      toAlertMessage(log.append(`alert-${ALERT}`, { type: 'AlertAcknowledged', data: { alertId: ALERT } })),
    ).toBeNull();
  });
});
