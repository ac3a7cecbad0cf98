import { ALL_CLIENTS } from '@crm/policy';
import { RecordedLog } from '@crm/testing';
import { takesKind, type AlertFeedFilter } from './alert-feed.audience';
import { FEEDBACK_ANSWERED } from './alert-feed.feedback';
import { toAlertMessage } from './alert-feed.message';

const CLIENT = '0190a4c2-00fb-7000-8000-00000000000a';
const answer = {
  feedbackId: 'f-1',
  department: 'cards',
  status: 'accepted',
  answer: 'Fee waived from July',
  changedBy: 'u-cards',
  changedAt: '2026-05-08T02:00:00.000Z',
};

const filter = (overrides: Partial<AlertFeedFilter> = {}): AlertFeedFilter => ({
  scope: ALL_CLIENTS,
  answers: true,
  severities: null,
  ruleId: null,
  branchId: null,
  ...overrides,
});

describe("a department's answer on the alert feed", () => {
  it('is its own SSE event, with the feedback, its client, department, status and answer, not who gave it', () => {
    const log = new RecordedLog();
    log.append(`client-${CLIENT}`, {
      type: 'FeedbackForwarded',
      data: { feedbackId: 'f-1', department: 'cards', text: 't' },
    });
    const changed = log.append(`client-${CLIENT}`, { type: 'FeedbackStatusChanged', data: answer });
    expect(toAlertMessage(log.events[0])).toBeNull();
    const message = toAlertMessage(changed);
    expect(message).toMatchObject({ kind: 'feedback', clientId: CLIENT, position: changed.position });
    const [id, event, data] = message!.frame.split('\n');
    expect([id, event]).toEqual([`id: ${changed.position}`, `event: ${FEEDBACK_ANSWERED}`]);
    expect(JSON.parse(data.slice('data: '.length))).toEqual({
      clientId: CLIENT,
      type: 'FeedbackStatusChanged',
      revision: 1,
      position: changed.position.toString(),
      recordedAt: changed.recordedAt,
      data: {
        feedbackId: 'f-1',
        department: 'cards',
        status: 'accepted',
        answer: 'Fee waived from July',
        changedAt: answer.changedAt,
      },
    });
  });

  it('skips an answer without its ids rather than guess, and one on another stream', () => {
    const log = new RecordedLog();
    const { feedbackId: _omitted, ...withoutId } = answer;
    expect(
      toAlertMessage(log.append(`client-${CLIENT}`, { type: 'FeedbackStatusChanged', data: withoutId })),
    ).toBeNull();
    expect(toAlertMessage(log.append('manager-M-1', { type: 'FeedbackStatusChanged', data: answer }))).toBeNull();
  });

  it("goes to callers who read clients' personal data and narrowed their feed by no rule or severity", () => {
    const log = new RecordedLog();
    const message = toAlertMessage(log.append(`client-${CLIENT}`, { type: 'FeedbackStatusChanged', data: answer }))!;
    expect(takesKind(filter(), message)).toBe(true);
    expect(takesKind(filter({ branchId: 'BR-A' }), message)).toBe(true);
    expect(takesKind(filter({ answers: false }), message)).toBe(false);
    expect(takesKind(filter({ ruleId: 'EW-DPD' }), message)).toBe(false);
    expect(takesKind(filter({ severities: new Set(['high'] as const) }), message)).toBe(false);
  });
});
