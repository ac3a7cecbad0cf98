import type { ContactChannel, ContactPurpose, FeedbackStatus, FeedbackTheme } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { asClientEvent } from '../client-view/recorded-client-event';

/** A contact as its manager logged it, with its follow-up and whether it was done. */
export type ContactNote = Readonly<{
  contactId: string;
  revision: number;
  occurredAt: string;
  managerId: string;
  channel: ContactChannel;
  purpose: ContactPurpose;
  summary: string;
  followUp: Readonly<{ due: string; completedAt: string | null }> | null;
}>;

export type ComplaintNote = Readonly<{
  complaintId: string;
  revision: number;
  receivedAt: string;
  category: string;
  text: string;
  resolution: string | null;
  resolvedAt: string | null;
}>;

/** One step the department moved the feedback on, with its answer for the client's manager. */
export type FeedbackAnswerNote = Readonly<{
  status: Exclude<FeedbackStatus, 'received'>;
  answer: string;
  changedBy: string;
  changedAt: string;
}>;

/** A feedback as forwarded, where its department's queue has it now, and every answer, oldest first. */
export type FeedbackNote = Readonly<{
  feedbackId: string;
  revision: number;
  forwardedAt: string;
  department: string;
  productCode: string | null;
  theme: FeedbackTheme | null;
  text: string;
  status: FeedbackStatus;
  answers: readonly FeedbackAnswerNote[];
}>;

export type ClientNotes = Readonly<{
  contacts: readonly ContactNote[];
  complaints: readonly ComplaintNote[];
  feedback: readonly FeedbackNote[];
}>;

/**
 * What the client's managers wrote, read from the client's own stream (oldest first). The texts
 * are personal data: the store keeps them encrypted with the client's key and they read
 * `[erased]` once the client is erased, so no read model holds a second, plaintext copy of them.
 */
export const clientNotesOf = (events: readonly RecordedEvent[]): ClientNotes => {
  const contacts = new Map<string, ContactNote>();
  const complaints = new Map<string, ComplaintNote>();
  const feedback = new Map<string, FeedbackNote>();
  for (const recorded of events) {
    const event = asClientEvent(recorded);
    if (event === null) continue;
    const at = recorded.metadata.occurredAt;
    switch (event.type) {
      case 'ContactLogged': {
        const { contactId, managerId, channel, purpose, summary, occurredAt, followUpDue } = event.data;
        contacts.set(contactId, {
          contactId,
          revision: recorded.revision,
          occurredAt,
          managerId,
          channel,
          purpose,
          summary,
          followUp: followUpDue === undefined ? null : { due: followUpDue, completedAt: null },
        });
        break;
      }
      case 'FollowUpCompleted': {
        const contact = contacts.get(event.data.contactId);
        if (contact?.followUp) {
          contacts.set(contact.contactId, {
            ...contact,
            followUp: { ...contact.followUp, completedAt: event.data.completedAt },
          });
        }
        break;
      }
      case 'ComplaintReceived':
        complaints.set(event.data.complaintId, {
          ...event.data,
          revision: recorded.revision,
          receivedAt: at,
          resolution: null,
          resolvedAt: null,
        });
        break;
      case 'ComplaintResolved': {
        const complaint = complaints.get(event.data.complaintId);
        if (complaint) {
          complaints.set(complaint.complaintId, { ...complaint, resolution: event.data.resolution, resolvedAt: at });
        }
        break;
      }
      case 'FeedbackForwarded':
        feedback.set(event.data.feedbackId, {
          feedbackId: event.data.feedbackId,
          revision: recorded.revision,
          forwardedAt: at,
          department: event.data.department,
          productCode: event.data.productCode ?? null,
          theme: event.data.theme ?? null,
          text: event.data.text,
          status: 'received',
          answers: [],
        });
        break;
      case 'FeedbackStatusChanged': {
        const { feedbackId, status, answer, changedBy, changedAt } = event.data;
        const note = feedback.get(feedbackId);
        if (note) {
          feedback.set(feedbackId, {
            ...note,
            status,
            answers: [...note.answers, { status, answer, changedBy, changedAt }],
          });
        }
        break;
      }
      default:
        break;
    }
  }
  return { contacts: [...contacts.values()], complaints: [...complaints.values()], feedback: [...feedback.values()] };
};

export type NotesPage<T> = Readonly<{ items: readonly T[]; nextCursor: string | null }>;

/**
 * Newest first, `limit` at a time; the cursor is the revision of the last note given, so a page
 * stays where it was however many notes are written meanwhile.
 */
export const newestFirst = <T extends { revision: number }>(
  notes: readonly T[],
  limit: number,
  before?: number,
): NotesPage<T> => {
  const older = notes.filter((note) => before === undefined || note.revision < before).reverse();
  const items = older.slice(0, limit);
  return {
    items,
    nextCursor: older.length > limit ? String(items[items.length - 1].revision) : null,
  };
};
