import { RecordedLog } from '@crm/testing';
import { clientNotesOf, newestFirst } from './client-notes';

const STREAM = 'client-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

const contact = (log: RecordedLog, contactId: string, summary: string, followUpDue?: string) =>
  log.append(STREAM, {
    type: 'ContactLogged',
    data: {
      contactId,
      managerId: 'M-1',
      channel: 'visit',
      purpose: 'relationship',
      summary,
      occurredAt: '2026-11-02T09:00:00.000Z',
      ...(followUpDue === undefined ? {} : { followUpDue }),
    },
  });

describe('client notes', () => {
  it('gives back each contact as logged, with its follow-up done or not', () => {
    const log = new RecordedLog();
    log.append(STREAM, { type: 'ClientTierChanged', data: { from: null, to: 'core', reason: 'review' } });
    contact(log, 'C-1', 'Discussed the Q3 plan', '2026-11-09T09:00:00.000Z');
    contact(log, 'C-2', 'Site visit, new warehouse');
    log.append(STREAM, { type: 'FollowUpCompleted', data: { contactId: 'C-1', completedAt: '2026-11-08T10:00:00Z' } });

    expect(clientNotesOf(log.events).contacts).toEqual([
      expect.objectContaining({
        contactId: 'C-1',
        revision: 1,
        summary: 'Discussed the Q3 plan',
        followUp: { due: '2026-11-09T09:00:00.000Z', completedAt: '2026-11-08T10:00:00Z' },
      }),
      expect.objectContaining({ contactId: 'C-2', revision: 2, summary: 'Site visit, new warehouse', followUp: null }),
    ]);
  });

  it('gives back complaints with their resolution and feedback as forwarded', () => {
    const log = new RecordedLog();
    log.append(STREAM, {
      type: 'ComplaintReceived',
      data: { complaintId: 'K-1', category: 'fees', text: 'Fee charged twice' },
    });
    log.append(STREAM, { type: 'ComplaintReceived', data: { complaintId: 'K-2', category: 'service', text: 'Slow' } });
    const resolved = log.append(STREAM, {
      type: 'ComplaintResolved',
      data: { complaintId: 'K-1', resolution: 'refunded' },
    });
    log.append(STREAM, {
      type: 'FeedbackForwarded',
      data: { feedbackId: 'F-1', department: 'product', productCode: 'DEP-1', text: 'Wants a longer term' },
    });

    const notes = clientNotesOf(log.events);
    expect(notes.complaints).toEqual([
      expect.objectContaining({
        complaintId: 'K-1',
        text: 'Fee charged twice',
        resolution: 'refunded',
        resolvedAt: resolved.metadata.occurredAt,
      }),
      expect.objectContaining({ complaintId: 'K-2', text: 'Slow', resolution: null, resolvedAt: null }),
    ]);
    expect(notes.feedback).toEqual([
      expect.objectContaining({
        feedbackId: 'F-1',
        department: 'product',
        productCode: 'DEP-1',
        text: 'Wants a longer term',
      }),
    ]);
  });

  it("gives back each feedback's status and the department's answers, oldest first", () => {
    const log = new RecordedLog();
    log.append(STREAM, {
      type: 'FeedbackForwarded',
      data: { feedbackId: 'F-1', department: 'cards', productCode: 'CARD-1', theme: 'pricing', text: 'Fee too high' },
    });
    log.append(STREAM, {
      type: 'FeedbackForwarded',
      data: { feedbackId: 'F-2', department: 'service', text: 'Queue' },
    });
    for (const [status, answer] of [
      ['under_review', 'Looking at it'],
      ['accepted', 'Fee waived from July'],
    ]) {
      log.append(STREAM, {
        type: 'FeedbackStatusChanged',
        data: {
          feedbackId: 'F-1',
          department: 'cards',
          status,
          answer,
          changedBy: 'u-cards',
          changedAt: `${status}-at`,
        },
      });
    }
    const [first, second] = clientNotesOf(log.events).feedback;
    expect(first).toMatchObject({
      feedbackId: 'F-1',
      theme: 'pricing',
      status: 'accepted',
      answers: [
        { status: 'under_review', answer: 'Looking at it', changedBy: 'u-cards', changedAt: 'under_review-at' },
        { status: 'accepted', answer: 'Fee waived from July', changedBy: 'u-cards', changedAt: 'accepted-at' },
      ],
    });
    expect(second).toMatchObject({ feedbackId: 'F-2', theme: null, status: 'received', answers: [] });
  });

  it('pages newest first by revision, and a page stays put when newer notes arrive', () => {
    const log = new RecordedLog();
    for (let n = 1; n <= 5; n++) contact(log, `C-${n}`, `note ${n}`);
    const { contacts } = clientNotesOf(log.events);
    const first = newestFirst(contacts, 2);
    expect(first.items.map((note) => note.contactId)).toEqual(['C-5', 'C-4']);
    expect(first.nextCursor).toBe('3');
    contact(log, 'C-6', 'note 6');
    const second = newestFirst(clientNotesOf(log.events).contacts, 2, Number(first.nextCursor));
    expect(second.items.map((note) => note.contactId)).toEqual(['C-3', 'C-2']);
    const last = newestFirst(contacts, 2, Number(second.nextCursor));
    expect([last.items.map((note) => note.contactId), last.nextCursor]).toEqual([['C-1'], null]);
  });
});
